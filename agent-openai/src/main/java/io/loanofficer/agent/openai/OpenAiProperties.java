package io.loanofficer.agent.openai;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenAI adapter's settings ({@code openai.*}). An empty {@code apiKey} leaves the adapter off and
 * the offline planner on.
 *
 * @param apiKey secret API key (env OPENAI_API_KEY); never logged, masked in {@link #toString()}
 * @param baseUrl any Chat Completions server: OpenAI, Azure OpenAI (detected by host), or a compatible one
 * @param model the model name sent as {@code model} and recorded as gen_ai.request.model
 * @param requestTimeout bound on one HTTP attempt; all attempts together are bounded by
 *     {@code requestTimeout × (maxRetries + 1)}
 * @param maxRetries retries after the first attempt, on 429, 5xx and I/O failures (timeouts)
 * @param temperature sampling temperature; 0 for repeatable answers
 * @param maxTokens cap on generated tokens (sent as max_completion_tokens); null leaves the server's default
 */
@ConfigurationProperties("openai")
public record OpenAiProperties(
    String apiKey,
    @DefaultValue("https://api.openai.com/v1") String baseUrl,
    @DefaultValue("gpt-4o-mini") String model,
    @DefaultValue("20s") Duration requestTimeout,
    @DefaultValue("3") int maxRetries,
    @DefaultValue("0") double temperature,
    Integer maxTokens) {

  public OpenAiProperties {
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("openai.request-timeout must be positive");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("openai.max-retries must not be negative");
    }
    if (maxTokens != null && maxTokens <= 0) {
      throw new IllegalArgumentException("openai.max-tokens must be positive when set");
    }
  }

  /** All attempts, retries included, end within this. */
  public Duration totalBudget() {
    return requestTimeout.multipliedBy(maxRetries + 1L);
  }

  @Override
  public String toString() {
    return "OpenAiProperties[apiKey=" + (apiKey == null || apiKey.isBlank() ? "<none>" : "****")
        + ", baseUrl=" + baseUrl + ", model=" + model + ", requestTimeout=" + requestTimeout
        + ", maxRetries=" + maxRetries + ", temperature=" + temperature + ", maxTokens=" + maxTokens + "]";
  }
}
