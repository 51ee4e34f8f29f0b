package io.loanofficer.gateway.security;

import io.loanofficer.gateway.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the one token decoder: RS256 against the IdP's JWK set when a JWKS URI is configured,
 * else HS256 with the shared secret; then the same validation either way (expiry required, clock
 * skew, issuer and audience when configured).
 */
public final class JwtDecoderFactory {

  private JwtDecoderFactory() {}

  public static NimbusJwtDecoder create(GatewayProperties gateway, SecurityProperties security) {
    NimbusJwtDecoder decoder;
    if (security.hasJwksUri()) {
      decoder = NimbusJwtDecoder.withJwkSetUri(security.jwksUri()).jwsAlgorithm(SignatureAlgorithm.RS256).build();
    } else {
      String secret = gateway.jwtSecret();
      if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new IllegalStateException(
            "Set gateway.security.jwks-uri (GATEWAY_JWKS_URI) or gateway.jwt-secret (JWT_SECRET, at least 32 bytes)");
      }
      decoder = NimbusJwtDecoder
          .withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
          .macAlgorithm(MacAlgorithm.HS256)
          .build();
    }
    decoder.setJwtValidator(validator(security));
    return decoder;
  }

  static OAuth2TokenValidator<Jwt> validator(SecurityProperties security) {
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    JwtTimestampValidator timestamps = new JwtTimestampValidator(security.clockSkew());
    timestamps.setAllowEmptyExpiryClaim(false);
    validators.add(timestamps);
    JwtTypeValidator type = JwtTypeValidator.jwt();
    type.setAllowEmpty(true);
    validators.add(type);
    if (security.hasIssuer()) {
      validators.add(new JwtIssuerValidator(security.issuer()));
    }
    if (security.hasAudience()) {
      validators.add(new JwtAudienceValidator(security.audience()));
    }
    return new DelegatingOAuth2TokenValidator<>(validators);
  }
}
