package io.loanofficer.agent.planner;

import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ModelSelection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The default model: the offline planner, unless an OpenAI key is configured (then
 * {@code io.loanofficer.agent.openai.OpenAiConfiguration} supplies the model) or another
 * {@link AgentModel} bean is already defined (tests). The key condition, not bean presence, decides
 * between the two, so the result does not depend on the order configurations are processed in.
 */
@Configuration(proxyBeanMethods = false)
public class ModelConfiguration {

  @Bean
  @Conditional(ModelSelection.NoOpenAiKey.class)
  @ConditionalOnMissingBean
  AgentModel agentModel() {
    return new OfflinePlanner();
  }
}
