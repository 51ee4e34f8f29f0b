package io.loanofficer.projection.siem;

import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The SIEM feed: a projection of audit.events onto audit.siem, one ECS JSON document per audit
 * record ({@link EcsMapper}). Exactly once: a listener container reads each batch read_committed in
 * the consumer group {@code audit-siem} and, through a {@link KafkaTransactionManager} of a
 * String-valued transactional producer of its own (the orchestrator's Avro template is not touched),
 * commits the batch's documents and the group's offsets in one Kafka transaction. A failed batch is
 * rolled back and, a second later, read again from the committed offsets, for as long as it takes.
 * Each document keeps its audit record's {@code traceparent} header, so a SIEM connector can link it to
 * the turn's trace; the projection itself makes no spans (it runs in batches, off every turn's path).
 */
public class SiemForwarder implements SmartLifecycle {

  public static final String GROUP_ID = "audit-siem";
  /** The W3C trace context header the observed producers put on every record. */
  static final String TRACEPARENT = "traceparent";

  private final DefaultKafkaProducerFactory<String, String> producerFactory;
  private final KafkaTemplate<String, String> template;
  private final KafkaMessageListenerContainer<String, byte[]> container;
  private final String target;
  private final EcsMapper mapper = new EcsMapper();

  /**
   * @param consumerProperties base consumer properties (bootstrap, security); deserializers, group,
   *     isolation and commits are set here
   * @param producerProperties base producer properties; serializers and transactions are set here
   */
  public SiemForwarder(Map<String, Object> consumerProperties, Map<String, Object> producerProperties, String groupId) {
    this(consumerProperties, producerProperties, groupId, Topic.AUDIT_EVENTS.topicName(), Topic.AUDIT_SIEM.topicName());
  }

  public SiemForwarder(Map<String, Object> consumerProperties, Map<String, Object> producerProperties, String groupId,
      String source, String target) {
    Map<String, Object> consumer = new HashMap<>(consumerProperties);
    consumer.remove("spring.deserializer.value.delegate.class");
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, Object> producer = new HashMap<>(producerProperties);
    producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producerFactory = new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), new StringSerializer());
    this.producerFactory.setTransactionIdPrefix("audit-siem-" + UUID.randomUUID() + "-");
    this.template = new KafkaTemplate<>(producerFactory);
    this.target = target;

    ContainerProperties properties = new ContainerProperties(source);
    // The container begins the transaction, the template's sends join it, and the container adds
    // the batch's offsets before it commits.
    properties.setKafkaAwareTransactionManager(new KafkaTransactionManager<>(producerFactory));
    properties.setPollTimeout(500);
    properties.setMessageListener((BatchMessageListener<String, byte[]>) this::forward);
    DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(consumer);
    this.container = new KafkaMessageListenerContainer<>(consumers, properties);
    this.container.setBeanName("audit-siem-forwarder");
    this.container.setAfterRollbackProcessor(
        new DefaultAfterRollbackProcessor<>(new FixedBackOff(Duration.ofSeconds(1).toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS)));
  }

  /** One document per audit record, sent in the container's transaction. */
  private void forward(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      String json = mapper.toJson(record.key(), record.value());
      Header traceparent = record.headers().lastHeader(TRACEPARENT);
      template.send(new ProducerRecord<>(target, null, record.key(), json,
          traceparent == null ? List.of() : List.of(traceparent)));
    }
  }

  @Override
  public void start() {
    container.start();
  }

  @Override
  public void stop() {
    container.stop();
    producerFactory.destroy();
  }

  @Override
  public boolean isRunning() {
    return container.isRunning();
  }
}
