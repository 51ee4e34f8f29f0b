package io.loanofficer.worker.reveal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param serviceToken the secret the gateway presents to ask for a reveal (PII_REVEAL_SERVICE_TOKEN);
 *     unset, the endpoint answers 503 and nothing can be revealed
 */
@ConfigurationProperties("worker.reveal")
public record RevealProperties(String serviceToken) {

  public boolean enabled() {
    return serviceToken != null && !serviceToken.isBlank();
  }
}
