package io.loanofficer.gateway.reveal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Revealing PII tokens (POST /api/pii/reveal).
 *
 * @param workerUrl where a tool worker answers /internal/pii/reveal (in production a service in
 *     front of the workers; any worker can answer)
 * @param serviceToken the secret the workers expect from the gateway (PII_REVEAL_SERVICE_TOKEN);
 *     unset, revealing is off and every reveal is UNAVAILABLE
 * @param perPeriod reveals one user may make per {@code period} on this gateway: reading a few
 *     contacts is work, reading hundreds is extraction
 * @param period the period of that limit
 * @param timeout how long to wait for the worker
 * @param sslBundle the Spring SSL bundle (spring.ssl.bundle.*) for an https worker URL: its trust
 *     store holds the workers' CA, its key store the gateway's client certificate where the workers
 *     require one (mTLS); unset: the JVM's default trust, no client certificate
 */
@ConfigurationProperties("gateway.reveal")
public record RevealProperties(
    @DefaultValue("http://127.0.0.1:8082") String workerUrl,
    String serviceToken,
    @DefaultValue("30") int perPeriod,
    @DefaultValue("1h") Duration period,
    @DefaultValue("3s") Duration timeout,
    String sslBundle) {

  public boolean enabled() {
    return serviceToken != null && !serviceToken.isBlank();
  }
}
