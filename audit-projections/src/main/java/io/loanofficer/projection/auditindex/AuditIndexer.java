package io.loanofficer.projection.auditindex;

import io.loanofficer.events.AuditIndexEntry;
import io.loanofficer.audit.AuditIndex;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Keeps audit.index current (ADR 0010): reads audit.events read_committed in the consumer group
 * {@code audit-index} and, per batch and partition, writes the entries of the chains it touched
 * (their whole offset ranges, so that compaction keeps one entry per chain) and the partition's
 * checkpoint, together with the group's offsets, in one Kafka transaction. Exactly once: a failed
 * batch is aborted and read again; a partition newly assigned is loaded from audit.index up to the
 * checkpoint of the group's committed offset (so no earlier owner's committed entry is missed) and
 * consumed from that checkpoint.
 *
 * <p>Its own poll loop, not a listener container (the SIEM forwarder's model), because of that
 * load: a newly assigned partition must first be read from audit.index to a known offset (the
 * checkpoint of the group's committed offset, which may still be waiting for a commit marker),
 * paused meanwhile and outside the rebalance callback so that a slow load does not hold up the
 * group, and then consumed from the checkpoint rather than from the committed offset. A container
 * would load inside {@code onPartitionsAssigned} (blocking the rebalance) or need the same pause,
 * resume and seek bookkeeping done through its API, plus a transaction synchronization to update
 * the in-memory index only after the commit: the same code, less visible.
 */
public class AuditIndexer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AuditIndexer.class);
  public static final String GROUP_ID = "audit-index";
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, Object> consumerConfig;
  private final Map<String, Object> loaderConfig;
  private final DefaultKafkaProducerFactory<String, SpecificRecord> producerFactory;
  private final KafkaTemplate<String, SpecificRecord> template;
  private final String source;
  private final String target;
  /** Owned by the indexer's thread: the index partitions of the assigned partitions, as committed. */
  private final Map<Integer, AuditIndex.PartitionState> states = new HashMap<>();
  private final Set<TopicPartition> unloaded = new LinkedHashSet<>();
  private volatile boolean running;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  /**
   * @param consumerProperties base consumer properties (bootstrap, security); deserializers, group,
   *     isolation and commits are set here
   * @param producerProperties base producer properties; serializers and transactions are set here
   */
  public AuditIndexer(Map<String, Object> consumerProperties, Map<String, Object> producerProperties, String groupId) {
    this(consumerProperties, producerProperties, groupId, Topic.AUDIT_EVENTS.topicName(), Topic.AUDIT_INDEX.topicName());
  }

  public AuditIndexer(Map<String, Object> consumerProperties, Map<String, Object> producerProperties, String groupId,
      String source, String target) {
    Map<String, Object> base = new HashMap<>(consumerProperties);
    base.remove("spring.deserializer.value.delegate.class");
    base.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    base.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    base.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    base.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    base.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    Map<String, Object> loader = new HashMap<>(base);
    loader.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.loaderConfig = loader;
    Map<String, Object> group = new HashMap<>(base);
    group.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    group.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumerConfig = group;
    Map<String, Object> producer = new HashMap<>(producerProperties);
    producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producerFactory = new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), new EventSerde());
    this.producerFactory.setTransactionIdPrefix("audit-index-" + UUID.randomUUID() + "-");
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
    thread = new Thread(this::run, "audit-indexer");
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
    try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig);
         KafkaConsumer<String, byte[]> loader = new KafkaConsumer<>(loaderConfig)) {
      consumer = kafka;
      kafka.subscribe(List.of(source), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
          forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          // Loaded outside the callback: a slow load must not hold up the rebalance.
          kafka.pause(partitions);
          unloaded.addAll(partitions);
        }
      });
      while (running) {
        loadAssigned(kafka, loader);
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
          index(kafka, records);
        } catch (WakeupException e) {
          break;
        } catch (RuntimeException e) {
          log.error("Audit index batch of {} records aborted; reading it again", records.count(), e);
          rewind(kafka, records.partitions());
          sleep(Duration.ofSeconds(1));
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      log.error("Audit indexer stopped", e);
    } finally {
      consumer = null;
    }
  }

  private void forget(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      states.remove(partition.partition());
      unloaded.remove(partition);
    }
  }

  /** Loads each newly assigned partition's index and resumes it from its checkpoint; retried while it fails. */
  private void loadAssigned(KafkaConsumer<String, byte[]> kafka, KafkaConsumer<String, byte[]> loader) {
    for (TopicPartition partition : List.copyOf(unloaded)) {
      try {
        AuditIndex.PartitionState state = load(kafka, loader, partition);
        states.put(partition.partition(), state);
        kafka.seek(partition, state.indexedThrough());
        kafka.resume(List.of(partition));
        unloaded.remove(partition);
        log.info("Audit indexer reads {} from offset {} ({} chains indexed)", partition, state.indexedThrough(),
            state.size());
      } catch (WakeupException e) {
        throw e;
      } catch (RuntimeException e) {
        log.warn("Audit index of {} not loaded yet; retrying", partition, e);
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  /**
   * The index partition read until its checkpoint reaches the group's committed offset: the
   * transaction that committed that offset wrote that checkpoint, so then every committed entry is
   * in. (The committed offset is fetched "stable": it waits for an earlier owner's open transaction.)
   */
  private AuditIndex.PartitionState load(KafkaConsumer<String, byte[]> kafka, KafkaConsumer<String, byte[]> loader,
      TopicPartition partition) {
    OffsetAndMetadata committed = kafka.committed(Set.of(partition), LOAD_TIMEOUT).get(partition);
    long required = committed == null ? 0 : committed.offset();
    AuditIndex.PartitionState state = new AuditIndex.PartitionState(partition.partition());
    TopicPartition index = new TopicPartition(target, partition.partition());
    loader.assign(List.of(index));
    loader.seekToBeginning(List.of(index));
    long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
    while (true) {
      long end = loader.endOffsets(List.of(index), LOAD_TIMEOUT).get(index);
      while (loader.position(index, LOAD_TIMEOUT) < end) {
        for (ConsumerRecord<String, byte[]> record : loader.poll(Duration.ofMillis(200))) {
          state.apply(record);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Reading " + index + " did not reach offset " + end + " in " + LOAD_TIMEOUT);
        }
      }
      if (state.indexedThrough() >= required) {
        return state;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(index + " is indexed through " + state.indexedThrough()
            + " but the group committed " + required);
      }
      sleep(Duration.ofMillis(50)); // the commit's marker has not reached the index partition yet
    }
  }

  /** The batch's entries, each touched partition's checkpoint and the consumed offsets, in one transaction. */
  private void index(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Map<Integer, List<AuditIndexEntry>> written = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      AuditIndex.PartitionState state = states.get(partition.partition());
      if (state == null) {
        continue; // revoked meanwhile
      }
      Map<String, AuditIndexEntry> touched = new LinkedHashMap<>();
      long next = state.indexedThrough();
      for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
        next = record.offset() + 1;
        if (record.offset() < state.indexedThrough() || record.key() == null) {
          continue;
        }
        String chainId;
        long seq;
        try {
          chainId = AuditKeys.chainOf(record.key());
          seq = Long.parseLong(record.key().substring(chainId.length() + 1));
        } catch (IllegalArgumentException e) {
          continue; // not an audit key (NumberFormatException included): no chain to index it under
        }
        AuditIndexEntry previous = touched.containsKey(chainId) ? touched.get(chainId) : state.entry(chainId);
        touched.put(chainId, AuditIndex.withRecord(previous, chainId, partition.partition(), record.offset(), seq));
      }
      List<AuditIndexEntry> entries = new ArrayList<>();
      for (AuditIndexEntry entry : touched.values()) {
        entry.setIndexedThrough(next);
        entries.add(entry);
      }
      entries.add(AuditIndex.checkpoint(partition.partition(), next));
      written.put(partition.partition(), entries);
      offsets.put(partition, new OffsetAndMetadata(next));
    }
    if (offsets.isEmpty()) {
      return;
    }
    template.executeInTransaction(operations -> {
      written.forEach((partition, entries) -> {
        for (AuditIndexEntry entry : entries) {
          operations.send(new ProducerRecord<>(target, partition, entry.getChainId(), entry));
        }
      });
      operations.sendOffsetsToTransaction(offsets, kafka.groupMetadata());
      return null;
    });
    // Committed: the state follows what audit.index now holds.
    written.forEach((partition, entries) -> {
      AuditIndex.PartitionState state = states.get(partition);
      if (state == null) {
        return;
      }
      for (AuditIndexEntry entry : entries) {
        if (entry.getChainId().equals(AuditIndex.CHECKPOINT_KEY)) {
          state.setIndexedThrough(entry.getIndexedThrough());
        } else {
          state.put(entry);
        }
      }
    });
  }

  /** Back to each partition's checkpoint (what is committed), so the aborted batch is read again. */
  private void rewind(KafkaConsumer<String, byte[]> kafka, Set<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      AuditIndex.PartitionState state = states.get(partition.partition());
      if (state != null && kafka.assignment().contains(partition)) {
        kafka.seek(partition, state.indexedThrough());
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
