package io.loanofficer.infra.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.capture.CaptureSettings;
import io.loanofficer.capture.ChangeCapture;
import io.loanofficer.capture.ChangeEvents;
import io.loanofficer.capture.ChangePublisher;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.loanofficer.capture.SourcePosition;
import io.loanofficer.capture.testing.LendingChangesTopic;
import io.loanofficer.events.ChangeOperation;
import io.loanofficer.events.LendingChangeCaptured;
import io.loanofficer.events.topics.SingleNodeBroker;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.topics.TopicProvisioner;
import io.loanofficer.infra.corebanking.CoreBanking;
import io.loanofficer.infra.corebanking.CoreBankingCli;
import io.loanofficer.tools.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Change capture end to end on a real PostgreSQL (wal_level=logical, the lending migrations and seed)
 * and a real Kafka broker: core banking's writes reach lending.changes with their exact keys and
 * values, and a restart of the capture neither loses nor repeats a change. The tests share one
 * database and one capture and run in order: each adds its changes to the stream.
 */
@ExtendWith(PostgresCluster.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LendingChangesEndToEndTest {

  /** The core system's "today" for new payments. */
  private static final Clock BANK_CLOCK = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private EmbeddedKafkaKraftBroker broker;
  private PostgresCluster postgres;
  private CaptureSettings settings;
  private ChangeCapture capture;
  private CoreBanking bank;

  @BeforeAll
  void startDatabaseBrokerAndCapture() throws Exception {
    postgres = PostgresCluster.shared();
    Flyway.configure().dataSource(postgres.jdbcUrl(), PostgresCluster.USER, "")
        .locations("classpath:db/migration/postgresql", "classpath:db/seed").load().migrate();
    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(SingleNodeBroker.SETTINGS);
    broker.afterPropertiesSet();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
    }
    settings = new CaptureSettings("127.0.0.1", postgres.port(), PostgresCluster.DATABASE, PostgresCluster.USER, "",
        broker.getBrokersAsString(), "lending_changes", (short) 1);
    bank = new CoreBanking(this::connection, BANK_CLOCK);
    capture = ChangeCapture.start(settings, Clock.systemUTC());
    capture.awaitStreaming(WAIT);
  }

  @AfterAll
  void stop() throws Exception {
    if (capture != null) {
      capture.close();
    }
    if (broker != null) {
      broker.destroy();
    }
  }

  @Test
  @Order(1)
  void aLatePaymentFromCoreBankingReachesLendingChangesWithItsKeyAndValues() throws Exception {
    String paymentId = bank.latePayment("L001", 45);
    long committed = System.currentTimeMillis();

    List<ConsumerRecord<String, LendingChangeCaptured>> records = awaitAll(r -> r.key().equals("payment/P029"));

    assertThat(paymentId).isEqualTo("P029");
    assertThat(records).hasSize(1);
    ConsumerRecord<String, LendingChangeCaptured> record = records.get(0);
    LendingChangeCaptured change = record.value();
    assertThat(record.key()).isEqualTo("payment/P029");
    assertThat(change.getTable()).isEqualTo("payment");
    assertThat(change.getPrimaryKey()).isEqualTo("P029");
    assertThat(change.getOperation()).isEqualTo(ChangeOperation.CREATE);
    assertThat(change.getBefore()).isNull();
    // the amortised monthly payment of L001 (50,000 at 3.5 % over 60 months)
    assertThat(change.getAfter()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "payment_id", "P029", "loan_id", "L001", "payment_date", "2026-12-01", "amount", "909.59",
        "status", "Late", "days_late", "45"));
    SourcePosition position = SourcePosition.decode(change.getSourcePosition());
    assertThat(change.getLsn()).isEqualTo(position.lsnText()).matches("[0-9A-F]+/[0-9A-F]+");
    assertThat(position.lsn()).isPositive();
    assertThat(change.getTransactionId()).isPositive();
    assertThat(change.getCapturedAt()).isAfterOrEqualTo(change.getCommittedAt());
    assertThat(change.getCommittedAt()).isBetween(Instant.ofEpochMilli(committed).minusSeconds(5),
        Instant.ofEpochMilli(committed));
    // printed, not asserted: the source's commit time to the record's time on Kafka
    System.out.printf("[change-capture] committed -> on lending.changes: %d ms (record time), seen by a consumer %d ms after the commit returned%n",
        record.timestamp() - change.getCommittedAt().toEpochMilli(), System.currentTimeMillis() - committed);
  }

  @Test
  @Order(2)
  void aChangeToAnUnrelatedColumnIsStillAChangeAndCarriesNoContactFields() throws Exception {
    execute("UPDATE borrower SET farm_size = 160 WHERE borrower_id = 'B003'");

    List<ConsumerRecord<String, LendingChangeCaptured>> records = awaitAll(r -> r.key().equals("borrower/B003"));

    assertThat(records).extracting(ConsumerRecord::key).containsExactly("payment/P029", "borrower/B003");
    LendingChangeCaptured change = records.get(1).value();
    assertThat(change.getOperation()).isEqualTo(ChangeOperation.UPDATE);
    Map<String, String> before = Map.of("borrower_id", "B003", "first_name", "Alice", "last_name", "Johnson",
        "farm_type", "Crop", "credit_score", "680", "income", "60000.00", "farm_size", "150", "officer_id", "officer-1");
    assertThat(change.getBefore()).containsExactlyInAnyOrderEntriesOf(before);
    Map<String, String> after = new java.util.HashMap<>(before);
    after.put("farm_size", "160");
    assertThat(change.getAfter()).containsExactlyInAnyOrderEntriesOf(after);
  }

  @Test
  @Order(3)
  void aRestartOfTheCaptureNeitherLosesNorRepeatsAChange() throws Exception {
    capture.close();
    // written while nothing reads the slot
    bank.status("L003", "Defaulted");
    bank.revalue("C002", new java.math.BigDecimal("28000"));
    // refused: nothing is written
    assertThat(CoreBankingCli.run(bank, "credit-score", "B001", "900")).isEqualTo(2);
    assertThat(CoreBankingCli.run(bank, "status", "L999", "Defaulted")).isEqualTo(2);
    assertThat(CoreBankingCli.run(bank, "late-payment", "L004", "10")).isEqualTo(2);
    assertThat(CoreBankingCli.run(bank, "revalue", "C002", "-1")).isEqualTo(2);
    assertThat(CoreBankingCli.run(bank, "credit-score", "X1", "700")).isEqualTo(2);

    capture = ChangeCapture.start(settings, Clock.systemUTC());
    capture.awaitStreaming(WAIT);
    bank.creditScore("B001", 690);

    List<ConsumerRecord<String, LendingChangeCaptured>> records = awaitAll(r -> r.key().equals("borrower/B001"));

    assertThat(records).extracting(ConsumerRecord::key).containsExactly(
        "payment/P029", "borrower/B003", "loan/L003", "collateral/C002", "borrower/B001");
    assertThat(records).extracting(r -> r.value().getSourcePosition()).doesNotHaveDuplicates().isSorted();
    assertThat(capture.publisher().sent()).isEqualTo(3);
    assertThat(capture.publisher().skipped()).isZero();
    assertThat(records.get(2).value().getBefore()).containsEntry("status", "Pending");
    assertThat(records.get(2).value().getAfter()).containsEntry("status", "Defaulted");
    assertThat(records.get(3).value().getBefore()).containsEntry("value", "35000.00");
    assertThat(records.get(3).value().getAfter()).containsEntry("value", "28000.00");
    assertThat(records.get(4).value().getBefore()).containsEntry("credit_score", "750");
    assertThat(records.get(4).value().getAfter()).containsEntry("credit_score", "690");
    assertThat(count("SELECT count(*) FROM payment")).isEqualTo(29);
    assertThat(capture.publisher().published()).isEqualTo(records.get(4).value().getSourcePosition());
  }

  @Test
  @Order(4)
  void changesDebeziumHandsOverAgainAreDroppedAndStillMarkedProcessed() throws Exception {
    // the window this covers: a crash after the Kafka commit, before Debezium flushed its offsets
    capture.close();
    capture = null;
    List<ConsumerRecord<String, LendingChangeCaptured>> before = readAll();
    SourcePosition last = SourcePosition.decode(before.get(before.size() - 1).value().getSourcePosition());
    SourcePosition earlier = SourcePosition.decode(before.get(before.size() - 2).value().getSourcePosition());
    List<RecordChangeEvent<SourceRecord>> batch = List.of(
        creditScoreChange(earlier, "B004", 780),
        creditScoreChange(last, "B001", 690),
        creditScoreChange(new SourcePosition(last.previousCommitLsn(), last.lsn() + 1), "B002", 700));
    List<RecordChangeEvent<SourceRecord>> processed = new ArrayList<>();
    boolean[] finished = {false};

    try (ChangePublisher publisher = new ChangePublisher(broker.getBrokersAsString(),
        Topic.LENDING_CHANGES.topicName(), "change-capture-" + settings.slot(), new ChangeEvents(Clock.systemUTC()))) {
      publisher.handleBatch(batch, new DebeziumEngine.RecordCommitter<>() {
        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record) {
          processed.add(record);
        }

        @Override
        public void markBatchFinished() {
          finished[0] = true;
        }

        @Override
        public void markProcessed(RecordChangeEvent<SourceRecord> record, DebeziumEngine.Offsets offsets) {
          processed.add(record);
        }

        @Override
        public DebeziumEngine.Offsets buildOffsets() {
          throw new UnsupportedOperationException();
        }
      });

      assertThat(publisher.skipped()).isEqualTo(2);
      assertThat(publisher.sent()).isEqualTo(1);
    }
    assertThat(processed).containsExactlyElementsOf(batch);
    assertThat(finished[0]).isTrue();
    List<ConsumerRecord<String, LendingChangeCaptured>> after = readAll();
    assertThat(after).hasSize(before.size() + 1);
    assertThat(after.get(after.size() - 1).key()).isEqualTo("borrower/B002");
    assertThat(after).extracting(r -> r.value().getSourcePosition()).doesNotHaveDuplicates();
  }

  /** A change record shaped as Debezium's PostgreSQL connector makes it (envelope, source, key). */
  private static RecordChangeEvent<SourceRecord> creditScoreChange(SourcePosition position, String borrowerId, int score) {
    Schema key = SchemaBuilder.struct().field("borrower_id", Schema.STRING_SCHEMA).build();
    Schema row = SchemaBuilder.struct().optional()
        .field("borrower_id", Schema.STRING_SCHEMA).field("credit_score", Schema.INT32_SCHEMA).build();
    Schema source = SchemaBuilder.struct()
        .field("table", Schema.STRING_SCHEMA).field("lsn", Schema.INT64_SCHEMA)
        .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA)
        .field("sequence", Schema.OPTIONAL_STRING_SCHEMA).build();
    Schema envelope = SchemaBuilder.struct()
        .field("before", row).field("after", row).field("source", source).field("op", Schema.STRING_SCHEMA).build();
    Struct value = new Struct(envelope)
        .put("after", new Struct(row).put("borrower_id", borrowerId).put("credit_score", score))
        .put("source", new Struct(source).put("table", "borrower").put("lsn", position.lsn()).put("txId", 1L)
            .put("ts_ms", 1_795_166_340_000L)
            .put("sequence", "[\"" + position.previousCommitLsn() + "\",\"" + position.lsn() + "\"]"))
        .put("op", "u");
    SourceRecord record = new SourceRecord(Map.of(), Map.of(), "lending.public.borrower", key,
        new Struct(key).put("borrower_id", borrowerId), envelope, value);
    return () -> record;
  }

  /**
   * Every committed record of lending.changes in stream order, once the newest one matches: reads the
   * whole topic up to its end each time, so a repeat or a late record would show.
   */
  private List<ConsumerRecord<String, LendingChangeCaptured>> awaitAll(
      Predicate<ConsumerRecord<String, LendingChangeCaptured>> newest) {
    return await("the expected change on lending.changes").atMost(WAIT).until(() -> {
      assertThat(capture.failure()).isNull();
      return readAll();
    }, all -> !all.isEmpty() && newest.test(all.get(all.size() - 1)));
  }

  private List<ConsumerRecord<String, LendingChangeCaptured>> readAll() {
    return LendingChangesTopic.readCommitted(broker.getBrokersAsString());
  }

  private Connection connection() {
    try {
      return DriverManager.getConnection(postgres.jdbcUrl(), PostgresCluster.USER, "");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = connection(); Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
