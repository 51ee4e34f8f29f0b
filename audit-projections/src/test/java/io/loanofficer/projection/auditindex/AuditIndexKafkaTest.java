package io.loanofficer.projection.auditindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.events.AuditIndexEntry;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.OffsetRange;
import io.loanofficer.audit.AuditIndex;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.audit.ChainVerification;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.SingleNodeBroker;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.projection.AuditChains;
import io.loanofficer.projection.AuditChains.Audited;
import io.loanofficer.projection.CommittedRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The audit index against a real broker: a replay through the index gives exactly the scan's log
 * (erasures and re-writes included) while reading only the chain's ranges; an index behind the
 * topic is read on past its checkpoint; a missing or wrong index falls back to the scan; the
 * indexer resumes after a restart without indexing a record twice or missing one. Each test has
 * its own pair of topics. Offsets below are counted by hand: each committed transaction is
 * followed by one commit marker, which takes an offset and is never handed to a reader.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditIndexKafkaTest {

  private static final int PARTITIONS = Topic.AUDIT_EVENTS.partitions();

  private EmbeddedKafkaKraftBroker broker;

  @BeforeAll
  void startBroker() {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(SingleNodeBroker.SETTINGS);
    broker.afterPropertiesSet();
  }

  @AfterAll
  void stopBroker() {
    if (broker != null) {
      broker.destroy();
    }
  }

  @Test
  void aReplayThroughTheIndexGivesExactlyTheScansLogReadingOnlyTheChainsRanges() throws Exception {
    String source = "audit.events.same";
    String index = "audit.index.same";
    createTopics(source, index, PARTITIONS);
    String chain = chainOnPartition(0, "conv-a-");
    String filler = chainOnPartition(0, "conv-filler-");
    List<Audited> records = AuditChains.progress(chain, 20);
    try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
      sendInTransaction(producer, source, records.subList(0, 10)); // offsets 0-9, marker 10
      sendInTransaction(producer, source, AuditChains.progress(filler, 300)); // 11-310, marker 311
      sendInTransaction(producer, source, records.subList(10, 20)); // 312-321, marker 322
    }
    try (KafkaProducer<String, SpecificRecord> plain = plainProducer()) {
      plain.send(new ProducerRecord<>(source, 0, AuditKeys.key(chain, 4), null)).get(); // erased: 323
    }
    try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
      AuditRecord changed = AuditRecord.newBuilder(records.get(6).value()).build();
      changed.setAttributes(Map.of("gen_ai.tool.name", "getHighRiskFarmers"));
      sendInTransaction(producer, source, List.of(new Audited(records.get(6).key(), changed))); // 324, marker 325
    }

    runIndexer(source, index, "index-same", () -> awaitEntry(index, 0, chain, 22));

    AuditIndexEntry entry = indexPartition(index, 0).entry(chain);
    assertThat(entry.getRanges()).extracting(OffsetRange::getFirst, OffsetRange::getLast)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 9L), org.assertj.core.groups.Tuple.tuple(312L, 324L));
    assertThat(entry.getHeadSeq()).isEqualTo(20);
    assertThat(entry.getIndexedThrough()).isEqualTo(325);
    assertThat(indexPartition(index, 0).indexedThrough()).isEqualTo(325);

    AuditLogReader reader = reader(source, index);
    AuditLogReader.Replay replay = reader.replay(chain);
    assertThat(replay.method()).isEqualTo(AuditLogReader.Method.INDEX);
    assertThat(replay.recordsExamined()).isEqualTo(10 + 12);
    AuditLog scanned = reader.scan(chain);
    assertThat(replay.log()).isEqualTo(scanned);
    assertThat(replay.log().records()).extracting(AuditRecord::getSeq)
        .containsExactly(1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
    assertThat(replay.log().erasedSeqs()).containsExactly(4L);
    assertThat(replay.log().rewrittenSeqs()).containsExactly(7L);
    ChainVerification.Result verification = replay.log().verify();
    assertThat(verification).isEqualTo(scanned.verify());
    assertThat(verification.firstBrokenSeq()).isEqualTo(4L);
    assertThat(verification.problem()).isEqualTo(ChainVerification.Problem.ERASED);

    // A chain the index has never seen is looked for only past the checkpoint: none there, nothing read.
    AuditLogReader.Replay unknown = reader.replay(chainOnPartition(0, "conv-unknown-"));
    assertThat(unknown.method()).isEqualTo(AuditLogReader.Method.INDEX);
    assertThat(unknown.log().isEmpty()).isTrue();
    assertThat(unknown.recordsExamined()).isZero();
  }

  @Test
  void anIndexBehindTheTopicIsReadOnPastItsCheckpoint() throws Exception {
    String source = "audit.events.stale";
    String index = "audit.index.stale";
    createTopics(source, index, PARTITIONS);
    String chain = chainOnPartition(2, "conv-stale-");
    String late = chainOnPartition(2, "conv-late-");
    List<Audited> records = AuditChains.progress(chain, 8);
    try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
      sendInTransaction(producer, source, records.subList(0, 5)); // 0-4, marker 5
      runIndexer(source, index, "index-stale", () -> awaitEntry(index, 2, chain, 5));
      // the indexer is down: these are not indexed
      sendInTransaction(producer, source, records.subList(5, 8)); // 6-8, marker 9
      sendInTransaction(producer, source, AuditChains.progress(late, 4)); // 10-13, marker 14
    }

    AuditLogReader reader = reader(source, index);
    AuditLogReader.Replay replay = reader.replay(chain);
    assertThat(replay.method()).isEqualTo(AuditLogReader.Method.INDEX);
    assertThat(replay.log().records()).extracting(AuditRecord::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(replay.log().verify().verified()).isTrue();
    assertThat(replay.log()).isEqualTo(reader.scan(chain));
    // the 5 indexed records, then everything from the checkpoint (5) on: 3 of the chain, 4 of the other
    assertThat(replay.recordsExamined()).isEqualTo(5 + 3 + 4);

    AuditLogReader.Replay lateReplay = reader.replay(late);
    assertThat(lateReplay.method()).isEqualTo(AuditLogReader.Method.INDEX);
    assertThat(lateReplay.log().records()).extracting(AuditRecord::getSeq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(lateReplay.log()).isEqualTo(reader.scan(late));
  }

  @Test
  void aMissingOrWrongIndexFallsBackToTheScan() throws Exception {
    String source = "audit.events.fallback";
    createTopics(source, null, PARTITIONS);
    String chain = chainOnPartition(1, "conv-fallback-");
    try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
      sendInTransaction(producer, source, AuditChains.progress(chain, 3)); // 0-2, marker 3
      sendInTransaction(producer, source, AuditChains.progress(chainOnPartition(1, "conv-other-"), 4)); // 4-7, marker 8
    }
    AuditLog scanned = reader(source, null).scan(chain);
    assertThat(scanned.records()).extracting(AuditRecord::getSeq).containsExactly(1L, 2L, 3L);

    AuditLogReader.Replay noTopic = reader(source, "audit.index.absent").replay(chain);
    assertThat(noTopic.method()).isEqualTo(AuditLogReader.Method.SCAN_NO_INDEX);
    assertThat(noTopic.log()).isEqualTo(scanned);
    assertThat(noTopic.recordsExamined()).isEqualTo(7);

    String onePartition = "audit.index.one-partition";
    createTopics(null, onePartition, 1);
    AuditLogReader.Replay unlike = reader(source, onePartition).replay(chain);
    assertThat(unlike.method()).isEqualTo(AuditLogReader.Method.SCAN_NO_INDEX);
    assertThat(unlike.log()).isEqualTo(scanned);

    // An entry that counts 3 records but whose range holds 2 of them (and a checkpoint past them all).
    String wrong = "audit.index.wrong";
    createTopics(null, wrong, PARTITIONS);
    try (KafkaProducer<String, SpecificRecord> plain = plainProducer()) {
      AuditIndexEntry forged = AuditIndex.withRecord(null, chain, 1, 0, 1);
      forged = AuditIndex.withRecord(forged, chain, 1, 1, 2);
      forged.setRecords(3);
      forged.setHeadSeq(3);
      plain.send(new ProducerRecord<>(wrong, 1, chain, forged)).get();
      plain.send(new ProducerRecord<>(wrong, 1, AuditIndex.CHECKPOINT_KEY, AuditIndex.checkpoint(1, 9))).get();
    }
    AuditLogReader.Replay mismatch = reader(source, wrong).replay(chain);
    assertThat(mismatch.method()).isEqualTo(AuditLogReader.Method.SCAN_INDEX_MISMATCH);
    assertThat(mismatch.log()).isEqualTo(scanned);

    // A whole entry but no checkpoint past it: the tail from the checkpoint would read its records twice.
    String noCheckpoint = "audit.index.no-checkpoint";
    createTopics(null, noCheckpoint, PARTITIONS);
    try (KafkaProducer<String, SpecificRecord> plain = plainProducer()) {
      AuditIndexEntry entry = null;
      for (long offset = 0; offset < 3; offset++) {
        entry = AuditIndex.withRecord(entry, chain, 1, offset, offset + 1);
      }
      plain.send(new ProducerRecord<>(noCheckpoint, 1, chain, entry)).get();
    }
    AuditLogReader.Replay uncheckpointed = reader(source, noCheckpoint).replay(chain);
    assertThat(uncheckpointed.method()).isEqualTo(AuditLogReader.Method.SCAN_INDEX_MISMATCH);
    assertThat(uncheckpointed.log()).isEqualTo(scanned);
    assertThat(uncheckpointed.log().rewrittenSeqs()).isEmpty();
  }

  @Test
  void theIndexerResumesAfterARestartWithNoRecordIndexedTwiceOrMissed() throws Exception {
    String source = "audit.events.restart";
    String index = "audit.index.restart";
    createTopics(source, index, PARTITIONS);
    String first = chainOnPartition(3, "conv-first-");
    String second = chainOnPartition(3, "conv-second-");
    String third = chainOnPartition(4, "conv-third-");
    List<Audited> firstRecords = AuditChains.progress(first, 80);
    List<Audited> secondRecords = AuditChains.progress(second, 50);
    try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
      for (int i = 0; i < 50; i += 10) {
        sendInTransaction(producer, source, firstRecords.subList(i, i + 10));
        sendInTransaction(producer, source, secondRecords.subList(i, i + 10));
      }
    }
    runIndexer(source, index, "index-restart", () -> {
      awaitEntry(index, 3, first, 50);
      awaitEntry(index, 3, second, 50);
    });
    int secondEntriesBefore = indexRecordsWithKey(index, 3, second);

    try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
      sendInTransaction(producer, source, firstRecords.subList(50, 80));
      sendInTransaction(producer, source, AuditChains.progress(third, 30));
    }
    runIndexer(source, index, "index-restart", () -> {
      awaitEntry(index, 3, first, 80);
      awaitEntry(index, 4, third, 30);
    });

    // The second indexer started at the checkpoint: nothing of the untouched chain was written again.
    assertThat(indexRecordsWithKey(index, 3, second)).isEqualTo(secondEntriesBefore);
    AuditLogReader reader = reader(source, index);
    for (String chain : List.of(first, second, third)) {
      AuditLog scanned = reader.scan(chain);
      AuditLogReader.Replay replay = reader.replay(chain);
      assertThat(replay.method()).as(chain).isEqualTo(AuditLogReader.Method.INDEX);
      assertThat(replay.log()).as(chain).isEqualTo(scanned);
      AuditIndexEntry entry = indexPartition(index, AuditKeys.partition(chain, PARTITIONS)).entry(chain);
      assertThat(entry.getRecords()).as(chain).isEqualTo(scanned.entries().size());
      assertThat(entry.getHeadSeq()).as(chain).isEqualTo(scanned.entries().size());
      // every offset of the chain inside the ranges, and the ranges start and end on the chain's records
      List<Long> offsets = scanned.entries().stream().map(AuditLog.Entry::offset).toList();
      assertThat(entry.getRanges().get(0).getFirst()).isEqualTo(offsets.get(0));
      assertThat(entry.getRanges().get(entry.getRanges().size() - 1).getLast()).isEqualTo(offsets.get(offsets.size() - 1));
      assertThat(offsets).allSatisfy(offset -> assertThat(entry.getRanges())
          .anySatisfy(range -> assertThat(offset).isBetween(range.getFirst(), range.getLast())));
    }
    assertThat(reader.read(first).records()).extracting(AuditRecord::getSeq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 80).boxed().toList());
  }

  // ---- helpers ----

  private void runIndexer(String source, String index, String group, ThrowingRunnable await) throws Exception {
    AuditIndexer indexer = new AuditIndexer(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(), ProducerConfig.LINGER_MS_CONFIG, 0),
        group, source, index);
    indexer.start();
    try {
      await.run();
    } finally {
      indexer.stop();
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private void awaitEntry(String index, int partition, String chain, long records) {
    await(chain + " indexed with " + records + " records").atMost(Duration.ofSeconds(30))
        .until(() -> indexPartition(index, partition).entry(chain), entry -> entry != null && entry.getRecords() == records);
  }

  private AuditIndex.PartitionState indexPartition(String index, int partition) {
    return CommittedRecords.index(broker.getBrokersAsString(), index, partition);
  }

  private int indexRecordsWithKey(String index, int partition, String key) {
    return (int) readCommitted(index, partition).stream().filter(r -> key.equals(r.key())).count();
  }

  private List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int partition) {
    return CommittedRecords.of(broker.getBrokersAsString(), topic, partition);
  }

  private AuditLogReader reader(String source, String index) {
    return new AuditLogReader(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
        source, index, Duration.ofSeconds(20));
  }

  private static String chainOnPartition(int partition, String prefix) {
    while (true) {
      String candidate = prefix + UUID.randomUUID();
      if (AuditKeys.partition(candidate, PARTITIONS) == partition) {
        return candidate;
      }
    }
  }

  private void createTopics(String source, String index, int indexPartitions) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    if (source != null) {
      topics.add(new NewTopic(source, PARTITIONS, (short) 1).configs(Topic.AUDIT_EVENTS.configs()));
    }
    if (index != null) {
      topics.add(new NewTopic(index, indexPartitions, (short) 1).configs(Topic.AUDIT_INDEX.configs()));
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      admin.createTopics(topics).all().get();
    }
  }

  private static void sendInTransaction(KafkaProducer<String, SpecificRecord> producer, String topic, List<Audited> records) {
    producer.beginTransaction();
    for (Audited out : records) {
      producer.send(new ProducerRecord<>(topic, AuditKeys.partition(AuditKeys.chainOf(out.key()), PARTITIONS),
          out.key(), out.value()));
    }
    producer.commitTransaction();
  }

  private KafkaProducer<String, SpecificRecord> transactionalProducer() {
    KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "index-test-" + UUID.randomUUID(),
        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new EventSerde());
    producer.initTransactions();
    return producer;
  }

  private KafkaProducer<String, SpecificRecord> plainProducer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
        new StringSerializer(), new EventSerde());
  }
}
