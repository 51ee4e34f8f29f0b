package io.loanofficer.infra.bench;

import io.loanofficer.projection.auditindex.AuditIndexer;
import io.loanofficer.agent.conversation.AuditTrail;
import io.loanofficer.agent.conversation.OutboundRecord;
import io.loanofficer.events.Actor;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.events.ProgressStatus;
import io.loanofficer.audit.AuditIndex;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.topics.TopicProvisioner;
import io.loanofficer.infra.BenchAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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

/**
 * Replay latency of one old 10-turn conversation as audit.events grows to each size: by scanning
 * its partition (the reader without index) and through audit.index (kept by the real AuditIndexer),
 * with a long-lived reader (the gateway's) and with a new reader per replay (the CLI's). A real
 * broker in its own process, loopback. The conversation is written first, its turns interleaved
 * with other traffic, in transactions like the orchestrator's; the rest is sealed 40-record chains
 * of other conversations, written without transactions in big batches (read_committed sees them
 * at once). Not part of the test suite: run infra/bench-replay.sh.
 */
public final class ReplayBenchmark {

  private static final Actor OFFICER = new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1");
  private static final int TURNS = 10;
  private static final int FILLER_CHAIN = 40;

  private final String bootstrap;
  private final EventSerde serde = new EventSerde();
  private long written;
  private int fillerChains;

  private ReplayBenchmark(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  public static void main(String[] args) throws Exception {
    long[] sizes = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToLong(Long::parseLong).toArray()
        : new long[] {10_000, 100_000, 1_000_000};
    int indexSamples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int scanSamples = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Path dir = Files.createTempDirectory("bench-replay-");
    try (BenchAccess.Broker broker = BenchAccess.Broker.start(dir)) {
      new ReplayBenchmark(broker.bootstrapServers()).run(sizes, indexSamples, scanSamples);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void run(long[] sizes, int indexSamples, int scanSamples) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
    }
    AuditIndexer indexer = new AuditIndexer(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5), AuditIndexer.GROUP_ID);
    indexer.start();
    String conversation = "conv-bench-" + UUID.randomUUID();
    Map<String, Object> readerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    AuditLogReader gatewayReader = AuditLogReader.longLived(readerConfig);
    List<String> rows = new ArrayList<>();
    try (KafkaProducer<String, SpecificRecord> transactional = transactionalProducer();
         KafkaProducer<String, SpecificRecord> bulk = bulkProducer()) {
      writeConversation(conversation, transactional, bulk);
      for (long size : sizes) {
        long started = System.nanoTime();
        fill(bulk, size);
        long generated = System.nanoTime();
        awaitIndexed(Duration.ofMinutes(10));
        long indexed = System.nanoTime();
        System.out.printf("%,d records in audit.events: generated in %.1f s, indexed %.1f s later%n",
            written, (generated - started) / 1e9, (indexed - generated) / 1e9);

        AuditLog expected = gatewayReader.scan(conversation);
        check(expected, gatewayReader.replay(conversation), AuditLogReader.Method.INDEX);
        check(expected, new AuditLogReader(readerConfig).replay(conversation), AuditLogReader.Method.INDEX);
        Stats scan = measure(scanSamples, () -> gatewayReader.scan(conversation));
        Stats gateway = measure(indexSamples, () -> gatewayReader.read(conversation));
        Stats cli = measure(indexSamples, () -> new AuditLogReader(readerConfig).read(conversation));
        long scanned = new AuditLogReader(readerConfig, Topic.AUDIT_EVENTS.topicName(), Duration.ofSeconds(30))
            .replay(conversation).recordsExamined();
        long viaIndex = gatewayReader.replay(conversation).recordsExamined();
        String row = String.format("| %,d | %d | %s | %s | %s | %,d / %,d |", written, expected.entries().size(),
            scan, gateway, cli, scanned, viaIndex);
        rows.add(row);
        System.out.println(row);
      }
    } finally {
      gatewayReader.close();
      indexer.stop();
    }
    System.out.println();
    System.out.println("| records in audit.events | records of the conversation | scan p50 / p99 ms"
        + " | index, long-lived reader p50 / p99 ms | index, new reader per replay p50 / p99 ms"
        + " | records examined: scan / index |");
    System.out.println("|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.printf("(%d index samples, %d scan samples per size; p99 of %d samples is their maximum)%n",
        indexSamples, scanSamples, scanSamples);
  }

  private static void check(AuditLog expected, AuditLogReader.Replay replay, AuditLogReader.Method method) {
    if (replay.method() != method || !replay.log().equals(expected) || !expected.verify().verified()
        || expected.entries().size() != TURNS * 7) {
      throw new IllegalStateException("The replay through the index differs from the scan: " + replay.method());
    }
  }

  /**
   * Ten turns of seven audit records each (the question, then progress of the model and tool hops),
   * one transaction per hop like the orchestrator's, with other traffic written between the hops.
   */
  private void writeConversation(String conversation, KafkaProducer<String, SpecificRecord> transactional,
      KafkaProducer<String, SpecificRecord> bulk) throws Exception {
    AuditTrail trail = new AuditTrail();
    ConversationState state = state(conversation);
    for (int turn = 1; turn <= TURNS; turn++) {
      ChatTurnSubmitted question = ChatTurnSubmitted.newBuilder()
          .setEventId(UUID.randomUUID().toString()).setConversationId(conversation).setTurnId("turn-" + turn)
          .setClientMessageId("c-" + turn).setText("Is the collateral sufficient for loan L00" + turn + "?")
          .setActor(OFFICER).setGatewayInstance("gw-1").setTraceId(null).setSubmittedAt(Instant.now()).build();
      List<OutboundRecord> hop = new ArrayList<>(List.of(
          trail.append(state, question, question.getEventId(), question.getSubmittedAt(), OFFICER, null, Map.of())));
      for (int step = 1; step <= 6; step++) {
        if (step % 2 == 1) {
          send(transactional, hop);
          hop.clear();
          fill(bulk, written + 300); // other conversations' records between this conversation's hops
        }
        hop.add(trail.append(state, progress(conversation, turn, step), UUID.randomUUID().toString(), Instant.now(),
            OFFICER, null, Map.of("gen_ai.tool.name", "getLoanStatus", "gen_ai.tool.call.id", "call-" + step)));
      }
      send(transactional, hop);
    }
    transactional.flush();
  }

  /** Other conversations' sealed chains, until audit.events holds {@code target} records. */
  private void fill(KafkaProducer<String, SpecificRecord> bulk, long target) throws Exception {
    AuditTrail trail = new AuditTrail();
    while (written < target) {
      String chain = "conv-" + (++fillerChains) + "-" + UUID.randomUUID();
      ConversationState state = state(chain);
      int partition = AuditKeys.partition(chain, Topic.AUDIT_EVENTS.partitions());
      for (int i = 1; i <= FILLER_CHAIN && written < target; i++) {
        OutboundRecord record = trail.append(state, progress(chain, 1, i), UUID.randomUUID().toString(), Instant.now(),
            OFFICER, null, Map.of("gen_ai.tool.name", "getLoanStatus", "gen_ai.tool.call.id", "call-" + i));
        bulk.send(new ProducerRecord<>(Topic.AUDIT_EVENTS.topicName(), partition, record.key(), record.value()));
        written++;
      }
    }
    bulk.flush();
  }

  private void send(KafkaProducer<String, SpecificRecord> producer, List<OutboundRecord> records) {
    producer.beginTransaction();
    for (OutboundRecord record : records) {
      producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value()));
      written++;
    }
    producer.commitTransaction();
  }

  /** Until every partition's index checkpoint reaches the partition's end. */
  private void awaitIndexed(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      int partitions = Topic.AUDIT_EVENTS.partitions();
      List<AuditIndex.PartitionState> states = new ArrayList<>();
      List<TopicPartition> index = new ArrayList<>();
      List<TopicPartition> source = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        states.add(new AuditIndex.PartitionState(p));
        index.add(new TopicPartition(Topic.AUDIT_INDEX.topicName(), p));
        source.add(new TopicPartition(Topic.AUDIT_EVENTS.topicName(), p));
      }
      consumer.assign(index);
      consumer.seekToBeginning(index);
      Map<TopicPartition, Long> end = consumer.endOffsets(source);
      while (true) {
        boolean done = true;
        for (int p = 0; p < partitions; p++) {
          // the last record may be a transaction's commit marker, which is never indexed
          done &= states.get(p).indexedThrough() >= end.get(source.get(p)) - 1;
        }
        if (done) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("The indexer did not reach " + end + " in " + timeout);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          states.get(record.partition()).apply(record);
        }
      }
    }
  }

  private record Stats(long p50Micros, long p99Micros) {
    @Override
    public String toString() {
      return String.format("%.1f / %.1f", p50Micros / 1000.0, p99Micros / 1000.0);
    }
  }

  private static Stats measure(int samples, Supplier<AuditLog> replay) {
    replay.get(); // warm-up
    long[] micros = new long[samples];
    for (int i = 0; i < samples; i++) {
      long start = System.nanoTime();
      replay.get();
      micros[i] = (System.nanoTime() - start) / 1000;
    }
    Arrays.sort(micros);
    return new Stats(micros[samples / 2], micros[Math.min(samples - 1, (int) Math.ceil(samples * 0.99) - 1)]);
  }

  private static ConversationState state(String chain) {
    return ConversationState.newBuilder()
        .setConversationId(chain).setOwnerUserId("officer-1").setStatus(ConversationStatus.AWAITING_TOOLS)
        .setAuditSeq(0).setAuditHash(AuditKeys.GENESIS_HASH).setActiveTurn(null).setTranscript(new ArrayList<>())
        .setUpdatedAt(Instant.now()).build();
  }

  private static ChatProgress progress(String chain, int turn, int step) {
    return ChatProgress.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setConversationId(chain).setTurnId("turn-" + turn)
        .setUserId("officer-1").setCallId("turn-" + turn + "/call-" + step).setTool("getLoanStatus")
        .setStatus(ProgressStatus.STARTED).setAt(Instant.now()).build();
  }

  private KafkaProducer<String, SpecificRecord> transactionalProducer() {
    KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-replay-" + UUID.randomUUID(),
        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), serde);
    producer.initTransactions();
    return producer;
  }

  private KafkaProducer<String, SpecificRecord> bulkProducer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
        ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024), new StringSerializer(), serde);
  }
}
