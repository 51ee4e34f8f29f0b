package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.agent.AgentProperties;
import io.loanofficer.agent.conversation.AuditTrail;
import io.loanofficer.agent.conversation.ConversationEngine;
import io.loanofficer.agent.conversation.ConversationStore;
import io.loanofficer.agent.conversation.ModelOutcome;
import io.loanofficer.agent.conversation.OutboundRecord;
import io.loanofficer.agent.kafka.ConversationWriter;
import io.loanofficer.agent.planner.OfflinePlanner;
import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.events.ProgressStatus;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.audit.AuditChain;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.audit.ChainVerification;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.topics.SingleNodeBroker;
import io.loanofficer.events.topics.TopicProvisioner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit topic's guarantees against a real broker: compaction removes nothing but a tombstoned
 * record, tampering is found at the exact seq, and an event and its audit record commit together or
 * not at all. One broker with an aggressive log cleaner for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailKafkaTest {

  private static final Actor OFFICER = new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1");

  private EmbeddedKafkaKraftBroker broker;
  private final EventSerde serde = new EventSerde();

  @BeforeAll
  void startBroker() {
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(SingleNodeBroker.settingsWith(Map.of(
        // the cleaner looks for work every 100 ms instead of every 15 s
        "log.cleaner.backoff.ms", "100",
        "log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024))));
    broker.afterPropertiesSet();
    try (Admin admin = admin()) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
    }
  }

  @AfterAll
  void stopBroker() {
    if (broker != null) {
      broker.destroy();
    }
  }

  @Test
  void compactionRemovesExactlyTheTombstonedRecordAndNothingElse() throws Exception {
    String topic = "audit.events.compaction-test";
    createAuditTopic(topic, Map.of(
        "segment.ms", "100",
        "segment.bytes", Integer.toString(1024 * 1024),
        "min.cleanable.dirty.ratio", "0.01",
        "min.compaction.lag.ms", "0"));
    String erasedChain = "conv-erase-" + UUID.randomUUID();
    int partition = AuditKeys.partition(erasedChain, Topic.AUDIT_EVENTS.partitions());
    String keptChain = chainOnPartition(partition, "conv-keep-");

    try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
      List<OutboundRecord> erasedRecords = chain(erasedChain, 10);
      List<OutboundRecord> keptRecords = chain(keptChain, 12);
      sendInTransaction(producer, topic, keptRecords.subList(0, 6));
      sendInTransaction(producer, topic, erasedRecords);
      sendInTransaction(producer, topic, keptRecords.subList(6, 12));
    }
    try (KafkaProducer<String, byte[]> plain = plainProducer()) {
      plain.send(new ProducerRecord<>(topic, partition, AuditKeys.key(erasedChain, 4), null)).get();
    }

    // New records roll the segments (segment.ms=100) so that the tombstone's segment can be cleaned;
    // wait until the cleaner has removed the erased record's value.
    String filler = chainOnPartition(partition, "conv-filler-");
    List<OutboundRecord> fillerRecords = chain(filler, 200);
    AtomicInteger next = new AtomicInteger();
    try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
      // a filler record after every look that still finds the value, 250 ms apart (in this thread: the producer's)
      await("the cleaner removed the tombstoned record").pollInSameThread().pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(250)).atMost(Duration.ofSeconds(60))
          .until(() -> {
            if (valuesOf(topic, partition, AuditKeys.key(erasedChain, 4)) == 0) {
              return true;
            }
            int i = next.getAndIncrement();
            sendInTransaction(producer, topic, fillerRecords.subList(i, i + 1));
            return false;
          });
    }

    AuditLogReader reader = new AuditLogReader(consumerConfig(), topic, Duration.ofSeconds(20));
    AuditLog kept = reader.read(keptChain);
    assertThat(kept.records()).extracting(AuditRecord::getSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    assertThat(kept.erasedSeqs()).isEmpty();
    assertThat(kept.verify().verified()).isTrue();

    AuditLog erased = reader.read(erasedChain);
    assertThat(erased.records()).extracting(AuditRecord::getSeq).containsExactly(1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(erased.erasedSeqs()).containsExactly(4L);
    ChainVerification.Result verification = erased.verify();
    assertThat(verification.verified()).isFalse();
    assertThat(verification.firstBrokenSeq()).isEqualTo(4L);
    assertThat(verification.problem()).isEqualTo(ChainVerification.Problem.ERASED);

    // Everything written is still in the partition but the erased record's value: 10 + 12 + fillers, plus the tombstone.
    Map<String, Integer> values = valuesPerKey(topic, partition);
    assertThat(values).hasSize(10 + 12 + next.get());
    assertThat(values).containsEntry(AuditKeys.key(erasedChain, 4), 0);
    assertThat(values.entrySet()).filteredOn(e -> !e.getKey().equals(AuditKeys.key(erasedChain, 4)))
        .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(1));
  }

  @Test
  void tamperingIsFoundAtExactlyTheTamperedSeq() throws Exception {
    String topic = "audit.events.tamper-test";
    createAuditTopic(topic, Map.of());
    String altered = "conv-altered-" + UUID.randomUUID();
    String resealed = "conv-resealed-" + UUID.randomUUID();
    String removed = "conv-removed-" + UUID.randomUUID();
    String intact = "conv-intact-" + UUID.randomUUID();
    List<OutboundRecord> alteredRecords = chain(altered, 8);
    List<OutboundRecord> resealedRecords = chain(resealed, 8);
    try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
      sendInTransaction(producer, topic, alteredRecords);
      sendInTransaction(producer, topic, resealedRecords);
      sendInTransaction(producer, topic, chain(removed, 8));
      sendInTransaction(producer, topic, chain(intact, 8));
    }
    try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
      // seq 5 re-written under its key with another tool name, its hash left as it was
      AuditRecord changed = AuditRecord.newBuilder((AuditRecord) alteredRecords.get(4).value()).build();
      changed.setAttributes(Map.of("gen_ai.tool.name", "getHighRiskFarmers"));
      // seq 5 re-written and re-sealed: consistent in itself (the hashes alone break at seq 6), but its
      // newest value now sits after seq 8 in the partition
      AuditRecord forged = AuditRecord.newBuilder((AuditRecord) resealedRecords.get(4).value()).build();
      forged.setEventId("forged");
      AuditChain.seal(forged, forged.getPrevHash());
      sendInTransaction(producer, topic, List.of(
          new OutboundRecord(topic, alteredRecords.get(4).partition(), alteredRecords.get(4).key(), changed),
          new OutboundRecord(topic, resealedRecords.get(4).partition(), resealedRecords.get(4).key(), forged)));
    }
    try (KafkaProducer<String, byte[]> plain = plainProducer()) {
      plain.send(new ProducerRecord<>(topic, AuditKeys.partition(removed, 6), AuditKeys.key(removed, 3), null)).get();
      plain.send(new ProducerRecord<>(topic, 0, "not-an-audit-key", new byte[] {1})).get();
    }

    AuditLogReader reader = new AuditLogReader(consumerConfig(), topic, Duration.ofSeconds(20));
    AuditLog alteredLog = reader.read(altered);
    assertThat(alteredLog.rewrittenSeqs()).containsExactly(5L);
    ChainVerification.Result alteredResult = alteredLog.verify();
    assertThat(alteredResult.verified()).isFalse();
    assertThat(alteredResult.firstBrokenSeq()).isEqualTo(5L);
    assertThat(alteredResult.problem()).isEqualTo(ChainVerification.Problem.CHANGED);

    AuditLog resealedLog = reader.read(resealed);
    ChainVerification.Result resealedResult = resealedLog.verify();
    assertThat(resealedResult.firstBrokenSeq()).isEqualTo(5L);
    assertThat(resealedResult.problem()).isEqualTo(ChainVerification.Problem.REORDERED);
    ChainVerification.Result hashesAlone = ChainVerification.verify(resealedLog.records());
    assertThat(hashesAlone.firstBrokenSeq()).isEqualTo(6L);
    assertThat(hashesAlone.problem()).isEqualTo(ChainVerification.Problem.PREV_HASH_MISMATCH);

    ChainVerification.Result removedResult = reader.read(removed).verify();
    assertThat(removedResult.firstBrokenSeq()).isEqualTo(3L);
    assertThat(removedResult.problem()).isEqualTo(ChainVerification.Problem.ERASED);

    assertThat(reader.read(intact).verify().verified()).isTrue();

    // the whole-topic read (the period report's) hands over every chain exactly as a one-chain read gives it
    Map<String, AuditLog> all = new HashMap<>();
    reader.readAll(chain -> all.put(chain.chainId(), chain));
    assertThat(all).containsOnlyKeys(altered, resealed, removed, intact);
    for (String chainId : all.keySet()) {
      assertThat(all.get(chainId)).as(chainId).isEqualTo(reader.read(chainId));
    }
  }

  @Test
  void anEventAndItsAuditRecordCommitTogetherOrNotAtAll() throws Exception {
    String conversationId = "conv-atomic-" + UUID.randomUUID();
    AgentProperties properties = new AgentProperties(5, Duration.ofSeconds(30), 24, 1);
    OfflinePlanner planner = new OfflinePlanner();
    ConversationEngine engine = new ConversationEngine(planner, properties, Clock.systemUTC());
    ConversationStore store = new ConversationStore();
    store.assigned(java.util.stream.IntStream.range(0, Topic.CHAT_TURNS.partitions()).boxed().toList(), List.of());
    CrashingTemplate template = new CrashingTemplate(producerFactory("atomic-" + UUID.randomUUID() + "-"));
    ConversationWriter writer = new ConversationWriter(store, template, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

    ChatTurnSubmitted turn = ChatTurnSubmitted.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setConversationId(conversationId).setTurnId("turn-1")
        .setClientMessageId("c-1").setText("Is the collateral sufficient for loan L002?").setActor(OFFICER)
        .setGatewayInstance("gw-test").setTraceId(null).setSubmittedAt(Instant.now()).build();
    ConversationEngine.Transition accepted = engine.onTurn(null, turn);
    assertThat(inListenerTransaction(template, writer, conversationId, null, accepted)).isTrue();
    ConversationState afterTurn = store.get(conversationId);

    // The model asks for a tool: ModelInvoked's audit record, the ToolCallRequested, its audit record, ...
    ModelOutcome outcome = ModelOutcome.call(planner, engine.modelRequest(afterTurn));
    ConversationEngine.Transition toolStep = engine.onModelStep(afterTurn, "turn-1", 0, outcome);
    assertThat(toolStep.outbound()).extracting(o -> o.value().getSchema().getName())
        .startsWith("AuditRecord", "ToolCallRequested", "AuditRecord");
    String callId = ((ToolCallRequested) toolStep.outbound().get(1).value()).getCallId();

    // ... and the process dies after the event was sent (and flushed to the broker), before its audit record.
    template.crashAfterTopic = Topic.TOOL_CALLS.topicName();
    assertThat(inListenerTransaction(template, writer, conversationId, afterTurn, toolStep)).isFalse();
    assertThat(template.crashed).isTrue();
    assertThat(store.get(conversationId)).isEqualTo(afterTurn);

    // read_uncommitted: the event and the first audit record were written; read_committed: neither is visible.
    assertThat(keysOn(Topic.TOOL_CALLS.topicName(), "read_uncommitted")).contains(callId);
    assertThat(keysOn(Topic.AUDIT_EVENTS.topicName(), "read_uncommitted")).contains(AuditKeys.key(conversationId, 2));
    assertThat(keysOn(Topic.TOOL_CALLS.topicName(), "read_committed")).doesNotContain(callId);
    AuditLogReader reader = new AuditLogReader(consumerConfig());
    AuditLog committed = reader.read(conversationId);
    assertThat(committed.records()).extracting(AuditRecord::getType).containsExactly("ChatTurnSubmitted");
    assertThat(committed.verify().verified()).isTrue();

    // The step written again (a redelivery) commits whole: no gap, no duplicate, the chain verifies.
    template.crashAfterTopic = null;
    assertThat(inListenerTransaction(template, writer, conversationId, afterTurn, toolStep)).isTrue();
    assertThat(keysOn(Topic.TOOL_CALLS.topicName(), "read_committed")).contains(callId);
    AuditLog after = reader.read(conversationId);
    assertThat(after.records()).extracting(AuditRecord::getType)
        .containsExactly("ChatTurnSubmitted", "ModelInvoked", "ToolCallRequested", "ChatProgress");
    assertThat(after.verify().verified()).isTrue();
    assertThat(store.get(conversationId).getStatus()).isEqualTo(ConversationStatus.AWAITING_TOOLS);
    template.destroy();
  }

  @Test
  void aRolledBackPollPutsEachConversationBackAsItWasBeforeThePoll() throws Exception {
    // One transaction per poll: a conversation may be written twice in it (its turn, then the tool
    // call its model asked for); a rollback must restore the state from before the poll, not the middle one.
    String conversationId = "conv-poll-" + UUID.randomUUID();
    AgentProperties properties = new AgentProperties(5, Duration.ofSeconds(30), 24, 1);
    OfflinePlanner planner = new OfflinePlanner();
    ConversationEngine engine = new ConversationEngine(planner, properties, Clock.systemUTC());
    ConversationStore store = new ConversationStore();
    store.assigned(java.util.stream.IntStream.range(0, Topic.CHAT_TURNS.partitions()).boxed().toList(), List.of());
    CrashingTemplate template = new CrashingTemplate(producerFactory("poll-" + UUID.randomUUID() + "-"));
    ConversationWriter writer = new ConversationWriter(store, template, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    ChatTurnSubmitted turn = ChatTurnSubmitted.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setConversationId(conversationId).setTurnId("turn-poll")
        .setClientMessageId("c-1").setText("Is the collateral sufficient for loan L002?").setActor(OFFICER)
        .setGatewayInstance("gw-test").setTraceId(null).setSubmittedAt(Instant.now()).build();
    ConversationEngine.Transition accepted = engine.onTurn(null, turn);
    ConversationEngine.Transition toolStep = engine.onModelStep(accepted.state(), "turn-poll", 0,
        ModelOutcome.call(planner, engine.modelRequest(accepted.state())));

    // both writes went through; a later record of the poll fails, so the poll rolls back
    assertThat(inOnePoll(template, () -> {
      writer.write(conversationId, null, accepted);
      writer.write(conversationId, accepted.state(), toolStep);
      throw new IllegalStateException("simulated failure of a later record of the same poll");
    })).isFalse();
    assertThat(store.get(conversationId)).isNull();
    assertThat(new AuditLogReader(consumerConfig()).read(conversationId).records()).isEmpty();

    // the poll redelivered commits both steps whole
    assertThat(inOnePoll(template, () -> {
      writer.write(conversationId, null, accepted);
      writer.write(conversationId, accepted.state(), toolStep);
    })).isTrue();
    assertThat(store.get(conversationId).getStatus()).isEqualTo(ConversationStatus.AWAITING_TOOLS);
    assertThat(new AuditLogReader(consumerConfig()).read(conversationId).records()).extracting(AuditRecord::getType)
        .containsExactly("ChatTurnSubmitted", "ModelInvoked", "ToolCallRequested", "ChatProgress");
    template.destroy();
  }

  /** A transactional template that dies on the first audit record sent right after a record of a given topic. */
  static final class CrashingTemplate extends KafkaTemplate<String, SpecificRecord> {
    private final DefaultKafkaProducerFactory<String, SpecificRecord> factory;
    volatile String crashAfterTopic;
    volatile boolean crashed;
    private String lastTopic;

    CrashingTemplate(DefaultKafkaProducerFactory<String, SpecificRecord> factory) {
      super(factory);
      this.factory = factory;
    }

    @Override
    public CompletableFuture<SendResult<String, SpecificRecord>> send(ProducerRecord<String, SpecificRecord> record) {
      if (crashAfterTopic != null && record.topic().equals(Topic.AUDIT_EVENTS.topicName())
          && crashAfterTopic.equals(lastTopic)) {
        flush();
        crashed = true;
        lastTopic = null;
        throw new IllegalStateException("simulated crash between an event and its audit record");
      }
      lastTopic = record.topic();
      return super.send(record);
    }

    @Override
    public void destroy() {
      super.destroy();
      factory.destroy();
    }
  }

  // ---- helpers ----

  /**
   * Writes a step as the listener container does: in a transaction of a KafkaTransactionManager
   * that synchronizes (as AgentConfiguration sets it up), so a rollback restores the store.
   */
  private static boolean inListenerTransaction(CrashingTemplate template, ConversationWriter writer,
      String conversationId, ConversationState previous, ConversationEngine.Transition step) {
    return inOnePoll(template, () -> writer.write(conversationId, previous, step));
  }

  /** Runs writes in one transaction, as the batch listener container runs one poll. */
  private static boolean inOnePoll(CrashingTemplate template, Runnable writes) {
    KafkaTransactionManager<String, SpecificRecord> manager = new KafkaTransactionManager<>(template.factory);
    manager.setTransactionSynchronization(AbstractPlatformTransactionManager.SYNCHRONIZATION_ALWAYS);
    try {
      new TransactionTemplate(manager).executeWithoutResult(status -> writes.run());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private List<OutboundRecord> chain(String chainId, int n) {
    AuditTrail trail = new AuditTrail();
    ConversationState state = ConversationState.newBuilder()
        .setConversationId(chainId).setOwnerUserId("officer-1").setStatus(ConversationStatus.AWAITING_TOOLS)
        .setAuditSeq(0).setAuditHash(AuditKeys.GENESIS_HASH).setActiveTurn(null).setTranscript(new ArrayList<>())
        .setUpdatedAt(Instant.now()).build();
    List<OutboundRecord> records = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ChatProgress progress = ChatProgress.newBuilder()
          .setEventId(UUID.randomUUID().toString()).setConversationId(chainId).setTurnId("turn-1")
          .setUserId("officer-1").setCallId("turn-1/call-" + i).setTool("getLoanStatus")
          .setStatus(ProgressStatus.STARTED).setAt(Instant.now()).build();
      records.add(trail.append(state, progress, progress.getEventId(), progress.getAt(), OFFICER, null,
          Map.of("gen_ai.tool.name", "getLoanStatus", "gen_ai.tool.call.id", progress.getCallId())));
    }
    return records;
  }

  private static String chainOnPartition(int partition, String prefix) {
    while (true) {
      String candidate = prefix + UUID.randomUUID();
      if (AuditKeys.partition(candidate, Topic.AUDIT_EVENTS.partitions()) == partition) {
        return candidate;
      }
    }
  }

  private void createAuditTopic(String name, Map<String, String> overrides) throws Exception {
    Map<String, String> configs = new HashMap<>(Topic.AUDIT_EVENTS.configs());
    configs.putAll(overrides);
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, Topic.AUDIT_EVENTS.partitions(), (short) 1).configs(configs)))
          .all().get();
    }
  }

  private static void sendInTransaction(KafkaProducer<String, SpecificRecord> producer, String topic, List<OutboundRecord> records) {
    producer.beginTransaction();
    for (OutboundRecord out : records) {
      producer.send(new ProducerRecord<>(topic, out.partition(), out.key(), out.value()));
    }
    producer.commitTransaction();
  }

  private KafkaProducer<String, SpecificRecord> transactionalProducer() {
    KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "audit-test-" + UUID.randomUUID(),
        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new EventSerde());
    producer.initTransactions();
    return producer;
  }

  private KafkaProducer<String, byte[]> plainProducer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
        new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
  }

  private DefaultKafkaProducerFactory<String, SpecificRecord> producerFactory(String transactionIdPrefix) {
    DefaultKafkaProducerFactory<String, SpecificRecord> factory = new DefaultKafkaProducerFactory<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new EventSerde());
    factory.setTransactionIdPrefix(transactionIdPrefix);
    return factory;
  }

  private Map<String, Object> consumerConfig() {
    return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
  }

  /** Non-null values per key in one partition, read_committed from its start to its end. */
  private Map<String, Integer> valuesPerKey(String topic, int partition) {
    Map<String, Integer> values = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : read(List.of(new TopicPartition(topic, partition)), "read_committed")) {
      values.merge(record.key(), record.value() == null ? 0 : 1, Integer::sum);
    }
    return values;
  }

  private int valuesOf(String topic, int partition, String key) {
    return valuesPerKey(topic, partition).getOrDefault(key, 0);
  }

  private List<String> keysOn(String topic, String isolation) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < Topic.AUDIT_EVENTS.partitions(); p++) {
      partitions.add(new TopicPartition(topic, p));
    }
    return read(partitions, isolation).stream().map(ConsumerRecord::key).toList();
  }

  private List<ConsumerRecord<String, byte[]>> read(List<TopicPartition> partitions, String isolation) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      // polls (100 ms each, in this thread) until every partition's position reached the end seen at the start
      await("read to the end offsets " + end).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ZERO)
          .atMost(Duration.ofSeconds(20))
          .until(() -> {
            if (partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
              return true;
            }
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return false;
          });
      return records;
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
  }
}
