package io.loanofficer.agent.siem;

import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The SIEM feed: a projection of audit.events onto audit.siem, one ECS JSON document per audit
 * record ({@link EcsMapper}). Exactly once: each batch is read read_committed by the consumer group
 * {@code audit-siem}, and its documents and the group's offsets are committed in one Kafka
 * transaction of a String-valued transactional producer of its own (the orchestrator's Avro
 * template is not touched). A failed batch is aborted and read again from the committed offsets.
 * Each document keeps its audit record's {@code traceparent} header, so a SIEM connector can link it to
 * the turn's trace; the projection itself makes no spans (it runs in batches, off every turn's path).
 */
public class SiemForwarder implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SiemForwarder.class);
  public static final String GROUP_ID = "audit-siem";
  /** The W3C trace context header the observed producers put on every record. */
  static final String TRACEPARENT = "traceparent";

  private final Map<String, Object> consumerConfig;
  private final DefaultKafkaProducerFactory<String, String> producerFactory;
  private final KafkaTemplate<String, String> template;
  private final String source;
  private final String target;
  private final EcsMapper mapper = new EcsMapper();
  private volatile boolean running;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

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
    this.consumerConfig = consumer;
    Map<String, Object> producer = new HashMap<>(producerProperties);
    producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producerFactory = new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), new StringSerializer());
    this.producerFactory.setTransactionIdPrefix("audit-siem-" + UUID.randomUUID() + "-");
    this.template = new KafkaTemplate<>(producerFactory);
    this.source = source;
    this.target = target;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "audit-siem-forwarder");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    Thread toJoin;
    synchronized (this) {
      running = false;
      toJoin = thread;
      KafkaConsumer<String, byte[]> current = consumer;
      if (current != null) {
        current.wakeup();
      }
    }
    if (toJoin != null) {
      try {
        toJoin.join(Duration.ofSeconds(15).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    producerFactory.destroy();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig)) {
      consumer = kafka;
      kafka.subscribe(List.of(source), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          log.info("SIEM forwarder reads {}", partitions);
        }
      });
      while (running) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = kafka.poll(Duration.ofMillis(500));
        } catch (WakeupException e) {
          break;
        }
        if (records.isEmpty()) {
          continue;
        }
        try {
          forward(kafka, records);
        } catch (WakeupException e) {
          break;
        } catch (RuntimeException e) {
          log.error("SIEM batch of {} records aborted; reading it again", records.count(), e);
          rewind(kafka, records.partitions());
          sleep(Duration.ofSeconds(1));
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      log.error("SIEM forwarder stopped", e);
    } finally {
      consumer = null;
    }
  }

  /** The batch's documents and the consumed offsets, in one transaction. */
  private void forward(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    template.executeInTransaction(operations -> {
      for (ConsumerRecord<String, byte[]> record : records) {
        String json = mapper.toJson(record.key(), record.value());
        Header traceparent = record.headers().lastHeader(TRACEPARENT);
        operations.send(new ProducerRecord<>(target, null, record.key(), json,
            traceparent == null ? List.of() : List.of(traceparent)));
        offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
      }
      operations.sendOffsetsToTransaction(offsets, kafka.groupMetadata());
      return null;
    });
  }

  /** Back to the last committed offsets, so the aborted batch is read again. */
  private static void rewind(KafkaConsumer<String, byte[]> kafka, Set<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(partitions);
    for (TopicPartition partition : partitions) {
      if (!kafka.assignment().contains(partition)) {
        continue;
      }
      OffsetAndMetadata offset = committed.get(partition);
      if (offset == null) {
        kafka.seekToBeginning(List.of(partition));
      } else {
        kafka.seek(partition, offset.offset());
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
