package io.loanofficer.agent.openai;

import io.loanofficer.agent.model.ModelSelection;
import io.loanofficer.agent.model.AgentModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAI model, only when {@code openai.api-key} has text; otherwise nothing here is created and
 * the offline planner of {@code AgentConfiguration} is the model (same property, opposite condition).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ModelSelection.OpenAiKeyConfigured.class)
@EnableConfigurationProperties(OpenAiProperties.class)
public class OpenAiConfiguration {

  private static final Logger log = LoggerFactory.getLogger(OpenAiConfiguration.class);

  /** Closed with the context (inferred {@code close()}), which releases the HTTP client's threads. */
  @Bean
  AgentModel openAiModel(OpenAiProperties properties, ObjectProvider<MeterRegistry> meters,
      ObjectProvider<ObservationRegistry> observations) {
    log.info("Agent model: OpenAI {} at {} (timeout {}, max retries {})", properties.model(), properties.baseUrl(),
        properties.requestTimeout(), properties.maxRetries());
    return OpenAiModel.create(properties, meters.getIfAvailable(SimpleMeterRegistry::new),
        observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }
}
