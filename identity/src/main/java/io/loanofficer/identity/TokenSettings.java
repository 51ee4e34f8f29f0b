package io.loanofficer.identity;

import java.time.Duration;

/**
 * Where users' tokens come from. With {@code jwksUri} set (production: the dashboard's IdP) tokens are
 * RS256 and verified against that key set; without it, HS256 with {@code hs256Secret} (local).
 * {@code issuer} and {@code audience} are checked whenever they are set.
 *
 * @param jwksUri the IdP's JWK set (GATEWAY_JWKS_URI)
 * @param hs256Secret the shared secret when there is no JWK set (JWT_SECRET, at least 32 bytes)
 * @param issuer required {@code iss} (GATEWAY_JWT_ISSUER)
 * @param audience required entry of {@code aud} (GATEWAY_JWT_AUDIENCE)
 * @param clockSkew tolerated clock difference for exp/nbf
 */
public record TokenSettings(String jwksUri, String hs256Secret, String issuer, String audience, Duration clockSkew) {

  public TokenSettings {
    if (clockSkew == null) {
      clockSkew = Duration.ofSeconds(30);
    }
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
