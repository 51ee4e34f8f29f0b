package io.loanofficer.identity;

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
 * Builds the one token decoder: RS256 against the IdP's JWK set when a JWKS URI is configured, else
 * HS256 with the shared secret; then the same validation either way (expiry required, clock skew,
 * issuer and audience when configured).
 */
public final class TokenDecoders {

  private TokenDecoders() {}

  public static NimbusJwtDecoder create(TokenSettings settings) {
    NimbusJwtDecoder decoder;
    if (settings.hasJwksUri()) {
      decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwksUri()).jwsAlgorithm(SignatureAlgorithm.RS256).build();
    } else {
      String secret = settings.hs256Secret();
      if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new IllegalStateException(
            "Set a JWK set URI (GATEWAY_JWKS_URI) or an HS256 secret of at least 32 bytes (JWT_SECRET)");
      }
      decoder = NimbusJwtDecoder
          .withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
          .macAlgorithm(MacAlgorithm.HS256)
          .build();
    }
    decoder.setJwtValidator(validator(settings));
    return decoder;
  }

  static OAuth2TokenValidator<Jwt> validator(TokenSettings settings) {
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    JwtTimestampValidator timestamps = new JwtTimestampValidator(settings.clockSkew());
    timestamps.setAllowEmptyExpiryClaim(false);
    validators.add(timestamps);
    JwtTypeValidator type = JwtTypeValidator.jwt();
    type.setAllowEmpty(true);
    validators.add(type);
    if (settings.hasIssuer()) {
      validators.add(new JwtIssuerValidator(settings.issuer()));
    }
    if (settings.hasAudience()) {
      validators.add(new JwtAudienceValidator(settings.audience()));
    }
    return new DelegatingOAuth2TokenValidator<>(validators);
  }
}
