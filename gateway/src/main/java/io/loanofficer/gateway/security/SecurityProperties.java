package io.loanofficer.gateway.security;

import io.loanofficer.identity.TokenSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where tokens come from. With {@code jwksUri} set (production: the dashboard's IdP) tokens are
 * RS256 and verified against that key set; without it, HS256 with {@code gateway.jwt-secret}
 * (local). {@code issuer} and {@code audience} are checked whenever they are set, locally too: the
 * dev tokens carry both.
 *
 * @param jwksUri the IdP's JWK set (GATEWAY_JWKS_URI)
 * @param issuer required {@code iss} (GATEWAY_JWT_ISSUER)
 * @param audience required entry of {@code aud} (GATEWAY_JWT_AUDIENCE)
 * @param clockSkew tolerated clock difference for exp/nbf; a socket is closed at exp + skew
 */
@ConfigurationProperties("gateway.security")
public record SecurityProperties(
    String jwksUri,
    String issuer,
    String audience,
    @DefaultValue("30s") Duration clockSkew) {

  /** With the HS256 secret, which lives in {@code gateway.jwt-secret}. */
  public TokenSettings tokenSettings(String hs256Secret) {
    return new TokenSettings(jwksUri, hs256Secret, issuer, audience, clockSkew);
  }

  public boolean hasJwksUri() {
    return jwksUri != null && !jwksUri.isBlank();
  }

  public boolean hasIssuer() {
    return issuer != null && !issuer.isBlank();
  }

  public boolean hasAudience() {
    return audience != null && !audience.isBlank();
  }
}
