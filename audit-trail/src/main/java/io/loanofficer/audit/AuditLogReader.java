package io.loanofficer.audit;

import io.loanofficer.events.transport.KafkaClientSecurity;
import io.loanofficer.events.AuditIndexEntry;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.OffsetRange;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one audit chain from audit.events: the partition of the chain id (read_committed: only
 * committed transactions), keeping the records whose key is {@code chainId/seq}. The newest value
 * per key wins, as after compaction; a tombstone (null value) is reported as an erased seq, never
 * silently skipped. Where audit.index exists, the chain's indexed offset ranges are read and then
 * the partition from the index's checkpoint to its end (what the indexer has not reached yet);
 * without a usable index entry, or if the ranges do not hold the records the entry counts, the
 * partition is scanned from its start (ADR 0010). Also scans the newest records of every partition
 * (recent activity). No consumer group: nothing is committed.
 */
public final class AuditLogReader implements AutoCloseable {

  /** Consumers kept between reads by a long-lived reader: as many as reads usually run at once. */
  private static final int MAX_IDLE_CONSUMERS = 2;

  private final Map<String, Object> consumerConfig;
  private final String topic;
  private final String indexTopic;
  private final Duration timeout;
  private final boolean keepConsumers;
  private final Deque<KafkaConsumer<String, byte[]>> idle = new ArrayDeque<>();
  private boolean closed;
  /** The index partitions read so far, kept for the next read (a long-lived reader reads only what is new). */
  private final Map<Integer, AuditIndex.PartitionState> index = new HashMap<>();

  /**
   * @param consumerConfig at least bootstrap.servers; security settings are passed through. Key and
   *     value deserializers, isolation level, group and auto commit are set here.
   */
  public AuditLogReader(Map<String, ?> consumerConfig) {
    this(consumerConfig, Topic.AUDIT_EVENTS.topicName(), Topic.AUDIT_INDEX.topicName(), Duration.ofSeconds(30));
  }

  /** A reader of another audit topic, without index (every read scans). */
  public AuditLogReader(Map<String, ?> consumerConfig, String topic, Duration timeout) {
    this(consumerConfig, topic, null, timeout);
  }

  /** @param indexTopic the index of {@code topic}, or null to scan on every read */
  public AuditLogReader(Map<String, ?> consumerConfig, String topic, String indexTopic, Duration timeout) {
    this(consumerConfig, topic, indexTopic, timeout, false);
  }

  /**
   * @param keepConsumers keep Kafka consumers between reads (no connection set-up and metadata fetch
   *     per read), for a long-lived reader that is closed when done; otherwise each read opens and
   *     closes its own
   */
  public AuditLogReader(Map<String, ?> consumerConfig, String topic, String indexTopic, Duration timeout,
      boolean keepConsumers) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.remove("spring.deserializer.value.delegate.class");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    // Reads stop at offsets known beforehand: a fetch at the end must not be held open by the broker
    // (500 ms by default), which closing the consumer would wait for.
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    this.consumerConfig = config;
    this.topic = topic;
    this.indexTopic = indexTopic;
    this.timeout = timeout;
    this.keepConsumers = keepConsumers;
  }

  /** The reader of a long-lived caller (the gateway's examiner API): keeps its consumers until closed. */
  public static AuditLogReader longLived(Map<String, ?> consumerConfig) {
    return new AuditLogReader(consumerConfig, Topic.AUDIT_EVENTS.topicName(), Topic.AUDIT_INDEX.topicName(),
        Duration.ofSeconds(30), true);
  }

  /** The command-line tools' reader: the bootstrap servers given, security from the environment. */
  public static AuditLogReader forBootstrap(String bootstrapServers) {
    return new AuditLogReader(KafkaClientSecurity.withEnvironment(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)));
  }

  /**
   * Reads the chain up to the partition's end offset at the time of the call: through the index
   * where one is usable, else by {@link #scan}. Both give the same log.
   */
  public AuditLog read(String chainId) {
    return replay(chainId).log();
  }

  /** How a read found the chain's records. */
  public enum Method {
    /** the chain's indexed ranges, then the partition past the index checkpoint */
    INDEX,
    /** the whole partition: no usable index (none, or partitioned unlike the audit topic) */
    SCAN_NO_INDEX,
    /** the whole partition: the indexed ranges did not hold the records the entry counts */
    SCAN_INDEX_MISMATCH
  }

  /** A read's log, how it was read, and how many records of the partition it examined. */
  public record Replay(AuditLog log, Method method, long recordsExamined) {}

  /** {@link #read}, telling how. */
  public Replay replay(String chainId) {
    return withConsumer(consumer -> {
      int partitions = partitionCount(consumer, topic);
      int partition = AuditKeys.partition(chainId, partitions);
      AuditIndex.PartitionState state = indexTopic == null ? null : indexPartition(consumer, partition, partitions);
      if (state == null) {
        return scan(consumer, chainId, partition, Method.SCAN_NO_INDEX);
      }
      // What the index holds, as of now: the chain's ranges (possibly none) and the checkpoint.
      AuditIndexEntry entry;
      long indexedThrough;
      synchronized (state) {
        entry = state.entry(chainId);
        indexedThrough = state.indexedThrough();
      }
      TopicPartition source = new TopicPartition(topic, partition);
      consumer.assign(List.of(source));
      long end = consumer.endOffsets(List.of(source), timeout).get(source);
      ChainCollector chain = new ChainCollector(chainId);
      if (entry != null) {
        List<OffsetRange> ranges = entry.getRanges();
        if (entry.getPartition() != partition
            || (!ranges.isEmpty() && ranges.get(ranges.size() - 1).getLast() >= indexedThrough)) {
          // not this partition's entry, or past the checkpoint (which the indexer never writes)
          return scan(consumer, chainId, partition, Method.SCAN_INDEX_MISMATCH);
        }
        for (OffsetRange range : ranges) {
          readRange(consumer, source, range.getFirst(), Math.min(range.getLast() + 1, end), "chain " + chainId, chain);
        }
        if (chain.chainRecords != entry.getRecords()) {
          // Compaction removed an erased record's value, or the index is wrong: only a scan is sure.
          return scan(consumer, chainId, partition, Method.SCAN_INDEX_MISMATCH);
        }
      }
      readRange(consumer, source, Math.min(indexedThrough, end), end, "chain " + chainId, chain);
      return new Replay(chain.log(), Method.INDEX, chain.examined);
    });
  }

  /** Reads the chain by scanning its partition from the start, without the index. */
  public AuditLog scan(String chainId) {
    return withConsumer(consumer -> {
      int partition = AuditKeys.partition(chainId, partitionCount(consumer, topic));
      return scan(consumer, chainId, partition, Method.SCAN_NO_INDEX).log();
    });
  }

  private Replay scan(KafkaConsumer<String, byte[]> consumer, String chainId, int partition, Method method) {
    TopicPartition source = new TopicPartition(topic, partition);
    consumer.assign(List.of(source));
    Map<TopicPartition, Long> end = consumer.endOffsets(List.of(source), timeout);
    consumer.seekToBeginning(List.of(source));
    ChainCollector chain = new ChainCollector(chainId);
    readToEnd(consumer, end, "chain " + chainId, chain);
    return new Replay(chain.log(), method, chain.examined);
  }

  /**
   * The index partition brought up to its current end (only what is new since the last read), or
   * null where there is no usable index: no index topic, or not partitioned like the audit topic.
   */
  private AuditIndex.PartitionState indexPartition(KafkaConsumer<String, byte[]> consumer, int partition, int partitions) {
    List<PartitionInfo> infos = consumer.partitionsFor(indexTopic, timeout);
    if (infos == null || infos.size() != partitions) {
      return null;
    }
    AuditIndex.PartitionState state;
    synchronized (index) {
      state = index.computeIfAbsent(partition, AuditIndex.PartitionState::new);
    }
    synchronized (state) {
      TopicPartition indexPartition = new TopicPartition(indexTopic, partition);
      consumer.assign(List.of(indexPartition));
      long end = consumer.endOffsets(List.of(indexPartition), timeout).get(indexPartition);
      readRange(consumer, indexPartition, state.position(), end, "index of partition " + partition, state::apply);
      state.setPosition(end);
    }
    return state;
  }

  /**
   * Every chain of the topic, each whole as {@link #read} gives it (newest value per key, erased
   * seqs, re-writes), in one pass over each partition up to its end offset at the time of the call.
   * A partition's chains go to the sink, in chain id order, once that partition is read: memory holds
   * one partition's chains. Records whose key is not an audit key are skipped. For reports over the
   * whole trail (a period's figures); one chain is {@link #read}.
   */
  public void readAll(Consumer<AuditLog> sink) {
    EventSerde serde = new EventSerde();
    withConsumer(consumer -> {
      for (int p = 0, count = partitionCount(consumer, topic); p < count; p++) {
        TopicPartition source = new TopicPartition(topic, p);
        consumer.assign(List.of(source));
        Map<TopicPartition, Long> end = consumer.endOffsets(List.of(source), timeout);
        consumer.seekToBeginning(List.of(source));
        Map<String, ChainCollector> chains = new TreeMap<>();
        readToEnd(consumer, end, "partition " + p + " of " + topic, record -> {
          if (record.key() == null) {
            return;
          }
          String chainId;
          try {
            chainId = AuditKeys.chainOf(record.key());
            AuditKeys.seqOf(record.key());
          } catch (IllegalArgumentException e) {
            return; // not an audit key
          }
          chains.computeIfAbsent(chainId, id -> new ChainCollector(id, serde)).accept(record);
        });
        chains.values().forEach(chain -> sink.accept(chain.log()));
      }
      return null;
    });
  }

  /** The records of one chain as they come in log order: the newest value per seq, erasures, re-writes. */
  private static final class ChainCollector implements Consumer<ConsumerRecord<String, byte[]>> {
    private final EventSerde serde;
    private final String chainId;
    private final String prefix;
    private final Map<Long, AuditLog.Entry> newest = new LinkedHashMap<>();
    private final Map<Long, Integer> writes = new HashMap<>();
    private final SortedSet<Long> erased = new TreeSet<>();
    private final Map<Long, AuditLog.Stored> tombstones = new TreeMap<>();
    /** records of the partition handed in, and those of this chain (values and tombstones) */
    private long examined;
    private long chainRecords;

    ChainCollector(String chainId) {
      this(chainId, new EventSerde());
    }

    ChainCollector(String chainId, EventSerde serde) {
      this.serde = serde;
      this.chainId = chainId;
      this.prefix = chainId + "/";
    }

    @Override
    public void accept(ConsumerRecord<String, byte[]> record) {
      examined++;
      if (record.key() == null || !record.key().startsWith(prefix)) {
        return;
      }
      long seq;
      try {
        seq = Long.parseLong(record.key().substring(prefix.length()));
      } catch (NumberFormatException e) {
        return; // another chain whose id extends this one with a slash
      }
      chainRecords++;
      writes.merge(seq, 1, Integer::sum);
      newest.remove(seq);
      // the record as stored: what the hash covers is recomputed from these bytes (docs/audit-chain.md)
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
    }

    AuditLog log() {
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
      for (int p = 0, count = partitionCount(consumer, topic); p < count; p++) {
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

  /** Each partition's end offset now (read_committed: the last stable offset), by partition number. */
  public Map<Integer, Long> endOffsets() {
    return withConsumer(consumer -> {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0, count = partitionCount(consumer, topic); p < count; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      Map<Integer, Long> ends = new TreeMap<>();
      consumer.endOffsets(partitions, timeout).forEach((partition, end) -> ends.put(partition.partition(), end));
      return ends;
    });
  }

  /**
   * Hands every record below {@code ends} to the sink as stored (key, partition, offset, timestamp,
   * headers, value; tombstones too), partition after partition, each in offset order, whatever chain
   * it belongs to: what a backup of the topic holds. read_committed: aborted writes are not read.
   */
  public void scanAll(Map<Integer, Long> ends, Consumer<AuditLog.Stored> sink) {
    withConsumer(consumer -> {
      for (Map.Entry<Integer, Long> end : ends.entrySet()) {
        TopicPartition partition = new TopicPartition(topic, end.getKey());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        readToEnd(consumer, Map.of(partition, end.getValue()), "partition " + end.getKey() + " of " + topic,
            record -> sink.accept(new AuditLog.Stored(record.key(), record.partition(), record.offset(),
                record.timestamp(), List.of(record.headers().toArray()), record.value())));
      }
      return null;
    });
  }

  /** Runs one read on a consumer of its own: a kept one if idle, else a new one. */
  private <T> T withConsumer(Function<KafkaConsumer<String, byte[]>, T> read) {
    KafkaConsumer<String, byte[]> consumer;
    synchronized (idle) {
      consumer = idle.pollFirst();
    }
    if (consumer == null) {
      consumer = new KafkaConsumer<>(consumerConfig);
    }
    boolean completed = false;
    try {
      T result = read.apply(consumer);
      completed = true;
      return result;
    } finally {
      if (!(completed && keep(consumer))) {
        consumer.close();
      }
    }
  }

  private boolean keep(KafkaConsumer<String, byte[]> consumer) {
    if (!keepConsumers) {
      return false;
    }
    consumer.unsubscribe(); // drops its assignment and whatever it fetched ahead
    synchronized (idle) {
      if (closed || idle.size() >= MAX_IDLE_CONSUMERS) {
        return false;
      }
      idle.addFirst(consumer);
      return true;
    }
  }

  /** Closes the consumers kept between reads; reads after this open and close their own. */
  @Override
  public void close() {
    List<KafkaConsumer<String, byte[]>> consumers;
    synchronized (idle) {
      closed = true;
      consumers = new ArrayList<>(idle);
      idle.clear();
    }
    consumers.forEach(KafkaConsumer::close);
  }

  /** The topic's partition count as the cluster has it. */
  private int partitionCount(KafkaConsumer<String, byte[]> consumer, String topic) {
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

  /**
   * Hands the records of one partition in [{@code from}, {@code to}) to the sink (read_committed:
   * {@code to} at most the last stable offset). Nothing is fetched for an empty range.
   */
  private void readRange(KafkaConsumer<String, byte[]> consumer, TopicPartition partition, long from, long to,
      String what, Consumer<ConsumerRecord<String, byte[]>> sink) {
    if (from >= to) {
      return;
    }
    consumer.assign(List.of(partition));
    consumer.seek(partition, from);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.position(partition, timeout) < to) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Reading " + what + " did not reach offset " + to + " in " + timeout);
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() >= from && record.offset() < to) {
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
