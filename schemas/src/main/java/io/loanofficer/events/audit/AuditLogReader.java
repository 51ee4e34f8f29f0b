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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
 * is reported as an erased seq, never silently skipped. Also scans the newest records of every
 * partition (recent activity). No consumer group: nothing is committed.
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
    Map<Long, AuditLog.Entry> newest = new LinkedHashMap<>();
    Map<Long, Integer> writes = new HashMap<>();
    SortedSet<Long> erased = new TreeSet<>();
    Map<Long, AuditLog.Stored> tombstones = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
      TopicPartition partition = new TopicPartition(topic, AuditKeys.partition(chainId, partitionCount(consumer)));
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      readToEnd(consumer, consumer.endOffsets(List.of(partition), timeout), "chain " + chainId, record -> {
        if (record.key() == null || !record.key().startsWith(prefix)) {
          return;
        }
        long seq;
        try {
          seq = Long.parseLong(record.key().substring(prefix.length()));
        } catch (NumberFormatException e) {
          return; // another chain whose id extends this one with a slash
        }
        writes.merge(seq, 1, Integer::sum);
        newest.remove(seq);
        AuditLog.Stored stored = new AuditLog.Stored(record.key(), record.partition(), record.offset(),
            record.timestamp(), List.of(record.headers().toArray()), record.value());
        if (record.value() == null) {
          erased.add(seq);
          tombstones.put(seq, stored);
        } else {
          erased.remove(seq);
          tombstones.remove(seq);
          newest.put(seq, new AuditLog.Entry(seq, record.offset(), serde.decode(record.value(), AuditRecord.class), stored));
        }
      });
    }
    SortedSet<Long> rewritten = new TreeSet<>();
    writes.forEach((seq, count) -> {
      if (count > 1 && !erased.contains(seq)) {
        rewritten.add(seq);
      }
    });
    List<AuditLog.Entry> entries = new ArrayList<>(newest.values());
    entries.sort(java.util.Comparator.comparingLong(AuditLog.Entry::offset));
    return new AuditLog(chainId, entries, erased, rewritten, List.copyOf(tombstones.values()));
  }

  /**
   * Hands the newest {@code recordsPerPartition} records of every partition, up to each partition's
   * end offset at the time of the call, to the sink with their chain id, in log order within a
   * partition (so a chain's records come in order). Tombstones (erasures) and records without an
   * audit key are skipped. A bounded look at recent activity: a chain's older records may lie before
   * the scanned range, so only {@link #read} gives a whole chain.
   */
  public void scanRecent(long recordsPerPartition, BiConsumer<String, AuditRecord> sink) {
    EventSerde serde = new EventSerde();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0, count = partitionCount(consumer); p < count; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      for (TopicPartition partition : partitions) {
        consumer.seek(partition, Math.max(begin.get(partition), end.get(partition) - recordsPerPartition));
      }
      readToEnd(consumer, end, "the newest records of " + topic, record -> {
        if (record.key() == null || record.value() == null) {
          return;
        }
        String chainId;
        try {
          chainId = AuditKeys.chainOf(record.key());
        } catch (IllegalArgumentException e) {
          return; // not an audit key
        }
        sink.accept(chainId, serde.decode(record.value(), AuditRecord.class));
      });
    }
  }

  /** The topic's partition count as the cluster has it. */
  private int partitionCount(KafkaConsumer<String, byte[]> consumer) {
    List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
    if (partitions == null || partitions.isEmpty()) {
      throw new IllegalStateException("Topic " + topic + " does not exist");
    }
    return partitions.size();
  }

  /**
   * Polls the assigned partitions from their positions until each reaches its end offset, handing
   * the records below it to the sink (read_committed: the end is the last stable offset).
   */
  private void readToEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end, String what,
      Consumer<ConsumerRecord<String, byte[]>> sink) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!reached(consumer, end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Reading " + what + " did not reach offsets " + end + " in " + timeout);
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
          sink.accept(record);
        }
      }
    }
  }

  private boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey(), timeout) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }
}
