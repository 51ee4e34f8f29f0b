package io.loanofficer.worker;

import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * A tool call that cannot be read, or whose run fails, is recovered when its turn to be answered
 * comes, in the transaction of its partition's answers ({@link ResultSender}): spring-kafka's {@link
 * DeadLetterPublishingRecoverer} puts it on tool.calls.dlt as it arrived (the undecodable bytes, or
 * the call), with the standard {@code kafka_dlt-*} headers (origin, exception) and {@link
 * #REASON_HEADER}; then {@link InternalAnswer} answers it INTERNAL, committed with the offsets, so it
 * is neither lost nor retried forever. A transaction that fails (the broker, not a call) is read again
 * from its first call. The alert rules' listener keeps the container's transaction: a rolled-back
 * poll of it is fetched again after a second, for as long as it takes.
 */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

  /** The innermost cause, bounded: what an operator reads first (the standard headers name the outer ones). */
  public static final String REASON_HEADER = "loanofficer.dlt.reason";

  @Bean
  ConsumerRecordRecoverer unprocessableCalls(KafkaProperties properties, KafkaTemplate<String, SpecificRecord> kafka,
      WorkerProperties worker) {
    // Dead letters carry the bytes as they arrived (or the call, encoded), so they need a producer of
    // their own: not transactional, as the listener's transaction belongs to its Avro producer. The
    // recoverer waits for the broker's acknowledgement and throws when it fails, rolling the poll back.
    Map<String, Object> config = properties.buildProducerProperties();
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0); // each send waits for its acknowledgement
    return deadLetterThenInternalAnswer(config, kafka, worker.id(), Clock.systemUTC());
  }

  /** Dead letter, then the INTERNAL answer: the two steps in order, each a recoverer. */
  static ConsumerRecordRecoverer deadLetterThenInternalAnswer(Map<String, Object> deadLetterProducer,
      KafkaOperations<String, SpecificRecord> results, String workerId, Clock clock) {
    Serializer<Object> values = new DelegatingByTypeSerializer(
        Map.of(byte[].class, new ByteArraySerializer(), SpecificRecord.class, new EventSerde()), true);
    KafkaTemplate<String, Object> deadLetters = new KafkaTemplate<>(
        new DefaultKafkaProducerFactory<>(deadLetterProducer, new StringSerializer(), values));
    DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(deadLetters,
        // partition -1: the producer picks it by key, as for any record of the topic
        (record, exception) -> new TopicPartition(Topic.TOOL_CALLS_DEAD_LETTER.topicName(), -1));
    recoverer.excludeHeader(HeadersToAdd.EX_STACKTRACE); // kilobytes per record that an operator does not need
    recoverer.addHeadersFunction((record, exception) -> new RecordHeaders()
        .add(REASON_HEADER, reason(exception).getBytes(StandardCharsets.UTF_8)));
    InternalAnswer answer = new InternalAnswer(results, workerId, clock);
    return (record, exception) -> {
      recoverer.accept(record, exception);
      answer.accept(record, exception);
    };
  }

  /** The innermost cause's type and message, bounded: enough for an operator, no stack trace. */
  static String reason(Exception exception) {
    Throwable root = exception;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getName() + ": " + root.getMessage();
    return text.length() > 500 ? text.substring(0, 500) : text;
  }

  @Bean
  AfterRollbackProcessor<Object, Object> afterRollbackProcessor() {
    return new DefaultAfterRollbackProcessor<>(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS));
  }
}
