package io.loanofficer.worker;

import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * The tool calls' consumer, apart from its listener: Boot's settings and the services' container
 * customizer (group membership, readiness), but no Kafka transaction of the container's own and no
 * acknowledgement. A call's offset is committed only by {@link ResultSender}, in the transaction of its
 * answer, once the calls before it in its partition are answered too (ADR 28).
 */
@Configuration(proxyBeanMethods = false)
public class ToolCallsContainerConfiguration {

  static final String CONTAINER_FACTORY = "toolCallsContainerFactory";

  @Bean(CONTAINER_FACTORY)
  ConcurrentKafkaListenerContainerFactory<Object, Object> toolCallsContainerFactory(
      ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
      ObjectProvider<ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>> customizer) {
    ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
    configurer.configure(factory, consumers);
    customizer.ifAvailable(factory::setContainerCustomizer);
    ContainerProperties container = factory.getContainerProperties();
    container.setKafkaAwareTransactionManager(null);
    // never acknowledged: a poll's offsets must not commit before its calls are answered
    container.setAckMode(ContainerProperties.AckMode.MANUAL);
    return factory;
  }

  @Bean
  InFlightCalls inFlightCalls(WorkerProperties worker, BoundedToolRuns tools) {
    InFlightCalls calls = new InFlightCalls(worker.resultsLinger());
    tools.whenACallEnds(calls::callEnded);
    return calls;
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  ResultSender resultSender(InFlightCalls calls, KafkaTemplate<String, SpecificRecord> kafka,
      ConsumerRecordRecoverer unprocessableCalls, WorkerProperties worker) {
    return new ResultSender(calls, kafka, unprocessableCalls, worker.id(), Clock.systemUTC());
  }
}
