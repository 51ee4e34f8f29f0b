package io.loanofficer.events.audit;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one audit chain from audit.events: the partition of the chain id, from its start to the
 * current end (read_committed: only committed transactions), keeping the records whose key is
 * {@code chainId/seq}. The newest value per key wins, as after compaction; a tombstone (null value)
 * is reported as an erased seq, never silently skipped. No consumer group: nothing is committed.
 */
public final class AuditLogReader {

  private final Map<String, Object> consumerConfig;
  private final String topic;
  private final Duration timeout;

  /**
   * @param consumerConfig at least bootstrap.servers; security settings are passed through. Key and
   *     value deserializers, isolation level, group and auto commit are set here.
   */
  public AuditLogReader(Map<String, ?> consumerConfig) {
    this(consumerConfig, Topic.AUDIT_EVENTS.topicName(), Duration.ofSeconds(30));
  }

  public AuditLogReader(Map<String, ?> consumerConfig, String topic, Duration timeout) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.remove("spring.deserializer.value.delegate.class");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    this.consumerConfig = config;
    this.topic = topic;
    this.timeout = timeout;
  }

  public static AuditLogReader forBootstrap(String bootstrapServers) {
    return new AuditLogReader(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Reads the chain up to the partition's end offset at the time of the call. */
  public AuditLog read(String chainId) {
    EventSerde serde = new EventSerde();
    String prefix = chainId + "/";
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
      if (partitions == null || partitions.isEmpty()) {
        throw new IllegalStateException("Topic " + topic + " does not exist");
      }
      TopicPartition partition = new TopicPartition(topic, AuditKeys.partition(chainId, partitions.size()));
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
      Map<Long, AuditLog.Entry> newest = new LinkedHashMap<>();
      Map<Long, Integer> writes = new HashMap<>();
      SortedSet<Long> erased = new TreeSet<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (consumer.position(partition, timeout) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Reading chain " + chainId + " did not reach offset " + end + " in " + timeout);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key() == null || !record.key().startsWith(prefix)) {
            continue;
          }
          long seq;
          try {
            seq = Long.parseLong(record.key().substring(prefix.length()));
          } catch (NumberFormatException e) {
            continue; // another chain whose id extends this one with a slash
          }
          writes.merge(seq, 1, Integer::sum);
          newest.remove(seq);
          if (record.value() == null) {
            erased.add(seq);
          } else {
            erased.remove(seq);
            newest.put(seq, new AuditLog.Entry(seq, record.offset(), serde.decode(record.value(), AuditRecord.class)));
          }
        }
      }
      SortedSet<Long> rewritten = new TreeSet<>();
      writes.forEach((seq, count) -> {
        if (count > 1 && !erased.contains(seq)) {
          rewritten.add(seq);
        }
      });
      List<AuditLog.Entry> entries = new ArrayList<>(newest.values());
      entries.sort(java.util.Comparator.comparingLong(AuditLog.Entry::offset));
      return new AuditLog(chainId, entries, erased, rewritten);
    }
  }
}
