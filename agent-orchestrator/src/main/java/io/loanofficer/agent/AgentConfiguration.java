package io.loanofficer.agent;

import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.agent.kafka.ConversationStateLoader;
import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.planner.OfflinePlanner;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class AgentConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The offline planner unless another model (the OpenAI adapter) is configured. */
  @Bean
  @ConditionalOnMissingBean
  AgentModel agentModel() {
    return new OfflinePlanner();
  }

  @Bean
  ConversationEngine conversationEngine(AgentModel model, AgentProperties properties, Clock clock) {
    return new ConversationEngine(model, properties, clock);
  }

  /** Restored from agent.conversations before any listener starts, so that no in-flight turn is forgotten. */
  @Bean
  ConversationStore conversationStore(KafkaProperties kafka) {
    ConversationStore store = new ConversationStore();
    store.restoreAll(new ConversationStateLoader(kafka.buildConsumerProperties()).load().values());
    return store;
  }
}
