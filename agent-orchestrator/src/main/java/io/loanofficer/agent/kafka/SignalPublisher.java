package io.loanofficer.agent.kafka;

import io.loanofficer.events.topics.Topic;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends model answers and deadline signals to agent.signals, where the conversation's owner applies
 * them in its listener transaction. Threads other than the listener's never write a conversation:
 * they only signal. Idempotent but not transactional (a signal is applied at most once by the
 * engine, which ignores one that is no longer awaited), and not a bean of type KafkaTemplate, so
 * Boot's transactional template stays the one the listener uses. Observed like Boot's template: a
 * signal carries the trace context of the model call or turn it belongs to.
 */
@Component
public class SignalPublisher implements DisposableBean {

  private final DefaultKafkaProducerFactory<String, SpecificRecord> factory;
  private final KafkaTemplate<String, SpecificRecord> kafka;

  public SignalPublisher(KafkaProperties properties, ObservationRegistry observations) {
    Map<String, Object> config = properties.buildProducerProperties();
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    // not transactional, so nothing flushes its sends: a model answer must not wait for a batch
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.factory = new DefaultKafkaProducerFactory<>(config);
    this.kafka = new KafkaTemplate<>(factory);
    kafka.setObservationRegistry(observations);
    kafka.setObservationEnabled(true);
  }

  public CompletableFuture<SendResult<String, SpecificRecord>> send(String conversationId, SpecificRecord signal) {
    return kafka.send(Topic.AGENT_SIGNALS.topicName(), conversationId, signal);
  }

  @Override
  public void destroy() {
    factory.destroy();
  }
}
