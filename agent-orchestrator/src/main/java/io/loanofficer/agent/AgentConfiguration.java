package io.loanofficer.agent;

import io.loanofficer.agent.conversation.AlertChain;
import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.agent.kafka.ConversationStateLoader;
import io.loanofficer.agent.kafka.UnreadableStates;
import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ObservedModel;
import io.micrometer.observation.ObservationRegistry;
import io.loanofficer.events.topics.TopicProvisioner;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;

/** The orchestrator's core beans; the model itself comes from a model module (agent-planner or agent-openai, ADR 22). */
@Configuration(proxyBeanMethods = false)
public class AgentConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Creates the catalogue's missing topics at start where no platform team provisions them
   * (docker compose). Off by default: production topics are provisioned with the cluster.
   */
  @Bean
  @ConditionalOnProperty(name = "topics.provision", havingValue = "true")
  KafkaAdmin.NewTopics catalogueTopics(@Value("${topics.replication-factor:3}") short replicationFactor) {
    return new KafkaAdmin.NewTopics(TopicProvisioner.newTopics(replicationFactor).toArray(NewTopic[]::new));
  }

  /**
   * Boot's manager with transaction synchronization on (KafkaTransactionManager turns it off by
   * default): the orchestrator restores its in-memory state when a transaction rolls back, and asks
   * the model only after the transaction that recorded the question has committed.
   */
  @Bean
  KafkaTransactionManager<?, ?> kafkaTransactionManager(ProducerFactory<?, ?> producerFactory) {
    KafkaTransactionManager<?, ?> manager = new KafkaTransactionManager<>(producerFactory);
    manager.setTransactionSynchronization(AbstractPlatformTransactionManager.SYNCHRONIZATION_ALWAYS);
    return manager;
  }

  @Bean
  AlertChain alertChain(Clock clock) {
    return new AlertChain(clock);
  }

  /** The model observed (a span per call, GenAI attributes), and the guardrail checks too. */
  @Bean
  ConversationEngine conversationEngine(AgentModel model, AgentProperties properties, Clock clock,
      ObjectProvider<ObservationRegistry> observations) {
    ObservationRegistry registry = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    return new ConversationEngine(new ObservedModel(model, registry), properties, clock, registry);
  }

  /** Filled as partitions are assigned (see ConversationListener). */
  @Bean
  ConversationStore conversationStore() {
    return new ConversationStore();
  }

  @Bean
  ConversationStateLoader conversationStateLoader(KafkaProperties kafka) {
    return new ConversationStateLoader(kafka.buildConsumerProperties());
  }

  /** Health "conversationStates": DOWN when this instance refuses conversations whose state it cannot read. */
  @Bean
  UnreadableStates conversationStates(ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
    return new UnreadableStates(listeners);
  }
}
