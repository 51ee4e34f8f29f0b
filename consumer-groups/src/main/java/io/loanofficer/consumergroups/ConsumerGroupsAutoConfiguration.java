package io.loanofficer.consumergroups;

import java.util.Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * Applies {@link GroupMembership} to every {@code @KafkaListener} container of Boot's listener
 * factory, and publishes {@link ListenerAssignments} as the health indicator {@code kafkaConsumers}
 * (the services put it in their readiness group).
 */
@AutoConfiguration
@ConditionalOnClass(ContainerCustomizer.class)
@EnableConfigurationProperties(GroupMembershipProperties.class)
public class ConsumerGroupsAutoConfiguration {

  @Bean
  GroupMembership groupMembership(GroupMembershipProperties properties) {
    return new GroupMembership(properties);
  }

  @Bean
  ListenerAssignments kafkaConsumersHealthIndicator(ObjectProvider<KafkaListenerEndpointRegistry> registry) {
    return new ListenerAssignments(registry);
  }

  @Bean
  ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> groupMembershipContainerCustomizer(
      GroupMembership membership, ListenerAssignments assignments) {
    return container -> {
      ContainerProperties properties = container.getContainerProperties();
      // a copy: containers may share the factory's Properties object
      Properties consumer = new Properties();
      Properties current = properties.getKafkaConsumerProperties();
      current.stringPropertyNames().forEach(name -> consumer.setProperty(name, current.getProperty(name)));
      current.forEach(consumer::putIfAbsent);
      membership.consumerProperties(container.getListenerId()).forEach(consumer::put);
      properties.setKafkaConsumerProperties(consumer);
      properties.setConsumerRebalanceListener(
          assignments.recording(container.getListenerId(), properties.getConsumerRebalanceListener()));
    };
  }

  /** A named instance aborts at start what its crashed predecessor left open under the same transactional ids. */
  @Bean
  PredecessorTransactions predecessorTransactions(ObjectProvider<ProducerFactory<?, ?>> producers,
      GroupMembership membership, ObjectProvider<KafkaListenerEndpointRegistry> registry) {
    return new PredecessorTransactions(producers, membership, registry);
  }

  /** Static members leave on a graceful stop too (dynamic ones always do). */
  @Bean
  DefaultKafkaConsumerFactoryCustomizer leaveGroupOnClose(GroupMembership membership) {
    return factory -> {
      if (membership.isStatic()) {
        factory.addPostProcessor(GroupMembership::leavingOnClose);
      }
    };
  }
}
