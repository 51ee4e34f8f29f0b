package io.loanofficer.worker.reveal;

import io.loanofficer.identity.TokenSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param serviceToken the secret the gateway presents to ask for a reveal (PII_REVEAL_SERVICE_TOKEN);
 *     unset, the endpoint answers 503 and nothing can be revealed
 * @param tokens how to verify the user's token the gateway relays: the same IdP settings as the
 *     gateway's (GATEWAY_JWKS_URI, JWT_SECRET, GATEWAY_JWT_ISSUER, GATEWAY_JWT_AUDIENCE)
 */
@ConfigurationProperties("worker.reveal")
public record RevealProperties(String serviceToken, Tokens tokens) {

  public record Tokens(String jwksUri, String secret, String issuer, String audience, Duration clockSkew) {}

  public boolean enabled() {
    return serviceToken != null && !serviceToken.isBlank();
  }

  public TokenSettings tokenSettings() {
    Tokens t = tokens == null ? new Tokens(null, null, null, null, null) : tokens;
    return new TokenSettings(t.jwksUri(), t.secret(), t.issuer(), t.audience(), t.clockSkew());
  }
}
