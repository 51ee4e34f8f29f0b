package io.loanofficer.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.capture.CaptureSettings.DatabaseKind;
import io.loanofficer.capture.testing.LendingChangesTopic;
import io.loanofficer.events.ChangeOperation;
import io.loanofficer.events.LendingChangeCaptured;
import io.loanofficer.events.topics.SingleNodeBroker;
import io.loanofficer.events.topics.TopicProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mssqlserver.MSSQLServerContainer;

/**
 * Change capture from a real SQL Server (Testcontainers, SQL Server Agent on) into a real Kafka broker:
 * the lending schema and seed from the tool workers' SQL Server migrations, CDC enabled by the same
 * script compose runs (compose/sqlserver/enable-cdc.sql), the capture configured as compose configures
 * it. The tests share the database, broker and capture and run in order, each adding its changes to the
 * stream. Needs a Docker engine: without one Testcontainers disables the class ("disabledWithoutDocker
 * is true and Docker is not available").
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlServerChangeCaptureTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path MIGRATIONS = Path.of("..", "tool-workers", "src", "main", "resources", "db");
  private static final Path ENABLE_CDC = Path.of("..", "compose", "sqlserver", "enable-cdc.sql");

  @Container
  static final MSSQLServerContainer SQL_SERVER = new MSSQLServerContainer("mcr.microsoft.com/mssql/server:2022-latest")
      .acceptLicense()
      // CDC's capture job runs in SQL Server Agent
      .withEnv("MSSQL_AGENT_ENABLED", "true");

  private EmbeddedKafkaKraftBroker broker;
  private CaptureSettings settings;
  private ChangeCapture capture;

  @BeforeAll
  void migrateEnableCdcAndCapture() throws Exception {
    try (Connection master = DriverManager.getConnection(url("master"), SQL_SERVER.getUsername(), SQL_SERVER.getPassword());
        Statement s = master.createStatement()) {
      s.execute("CREATE DATABASE lending");
    }
    Flyway.configure().dataSource(url("lending"), SQL_SERVER.getUsername(), SQL_SERVER.getPassword())
        .locations("filesystem:" + MIGRATIONS.resolve("migration").resolve("sqlserver").toAbsolutePath().normalize(),
            "filesystem:" + MIGRATIONS.resolve("seed").toAbsolutePath().normalize())
        .load().migrate();
    execute(Files.readString(ENABLE_CDC));

    broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(SingleNodeBroker.SETTINGS);
    broker.afterPropertiesSet();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
    }
    // as compose configures it (LENDING_DB_KIND=sqlserver, the container's self-signed certificate trusted)
    settings = CaptureSettings.fromEnvironment(Map.of(
        "LENDING_DB_KIND", "sqlserver",
        "LENDING_DB_HOST", SQL_SERVER.getHost(),
        "LENDING_DB_PORT", Integer.toString(SQL_SERVER.getMappedPort(MSSQLServerContainer.MS_SQL_SERVER_PORT)),
        "LENDING_DB_USER", SQL_SERVER.getUsername(),
        "LENDING_DB_PASSWORD", SQL_SERVER.getPassword(),
        "LENDING_DB_JDBC_PROPERTIES", "encrypt=true;trustServerCertificate=true",
        "KAFKA_BOOTSTRAP_SERVERS", broker.getBrokersAsString()));
    assertThat(settings.kind()).isEqualTo(DatabaseKind.SQLSERVER);
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
  void aPaymentTurned45DaysLateArrivesOnceWithItsKeyColumnsAndCdcPosition() throws Exception {
    execute("UPDATE borrower SET farm_size = 160 WHERE borrower_id = 'B003'");
    long committed = System.currentTimeMillis();
    execute("UPDATE payment SET payment_date = '2024-04-15', status = 'Late', days_late = 45 WHERE payment_id = 'P002'");

    List<ConsumerRecord<String, LendingChangeCaptured>> records = awaitChanges(2);

    assertThat(records).extracting(ConsumerRecord::key).containsExactly("borrower/B003", "payment/P002");
    LendingChangeCaptured farm = records.get(0).value();
    LendingChangeCaptured late = records.get(1).value();
    assertThat(farm.getBefore()).containsOnlyKeys("borrower_id", "first_name", "last_name", "farm_type", "credit_score",
        "income", "farm_size", "officer_id").containsEntry("farm_size", "150").containsEntry("income", "60000.00");
    assertThat(farm.getAfter()).containsEntry("farm_size", "160");

    assertThat(late.getTable()).isEqualTo("payment");
    assertThat(late.getPrimaryKey()).isEqualTo("P002");
    assertThat(late.getOperation()).isEqualTo(ChangeOperation.UPDATE);
    assertThat(late.getBefore()).containsExactlyInAnyOrderEntriesOf(Map.of("payment_id", "P002", "loan_id", "L001",
        "payment_date", "2024-03-01", "amount", "909.59", "status", "On Time", "days_late", "0"));
    assertThat(late.getAfter()).containsExactlyInAnyOrderEntriesOf(Map.of("payment_id", "P002", "loan_id", "L001",
        "payment_date", "2024-04-15", "amount", "909.59", "status", "Late", "days_late", "45"));
    assertThat(late.getTransactionId()).isNull();
    // the position is the change table's own: commit LSN (__$start_lsn), change LSN (__$seqval), serial 1
    String[] lsns = afterImageLsns();
    assertThat(late.getSourcePosition()).isEqualTo(lsns[0] + "/" + lsns[1] + "/0000000000000001");
    assertThat(late.getLsn()).isEqualTo(SqlServerPosition.decode(late.getSourcePosition()).changeLsnText());
    // and it sorts after the change committed before it, as every consumer compares positions
    assertThat(late.getSourcePosition()).isGreaterThan(farm.getSourcePosition());
    assertThat(late.getCommittedAt()).isBetween(Instant.ofEpochMilli(committed).minusSeconds(5),
        Instant.ofEpochMilli(committed).plusSeconds(5));
    assertThat(late.getCapturedAt()).isAfterOrEqualTo(late.getCommittedAt());
    assertThat(capture.publisher().published()).isEqualTo(late.getSourcePosition());
  }

  @Test
  @Order(2)
  void aChangeWrittenWhileTheCaptureIsStoppedArrivesOnceAfterItsRestart() throws Exception {
    capture.close();
    // the restarted capture recovers its offsets and the schema history from Kafka, not from the database
    execute("UPDATE loan SET status = 'Defaulted' WHERE loan_id = 'L003'");
    capture = ChangeCapture.start(settings, Clock.systemUTC());
    capture.awaitStreaming(WAIT);

    List<ConsumerRecord<String, LendingChangeCaptured>> records = awaitChanges(3);

    assertThat(records).extracting(ConsumerRecord::key).containsExactly("borrower/B003", "payment/P002", "loan/L003");
    LendingChangeCaptured defaulted = records.get(2).value();
    assertThat(defaulted.getBefore()).containsEntry("status", "Pending");
    assertThat(defaulted.getAfter()).containsEntry("status", "Defaulted");
    // a change Debezium hands over again would be dropped by position, never sent twice
    assertThat(capture.publisher().sent()).isEqualTo(1);
    assertThat(capture.publisher().published()).isEqualTo(defaulted.getSourcePosition());
  }

  /** The CDC change table's LSNs of P002's after image, as 20 upper-case hex digits each. */
  private String[] afterImageLsns() throws SQLException {
    try (Connection c = DriverManager.getConnection(url("lending"), SQL_SERVER.getUsername(), SQL_SERVER.getPassword());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT __$start_lsn, __$seqval FROM cdc.dbo_payment_CT"
            + " WHERE payment_id = 'P002' AND __$operation = 4")) {
      assertThat(rs.next()).isTrue();
      HexFormat hex = HexFormat.of().withUpperCase();
      String[] lsns = {hex.formatHex(rs.getBytes(1)), hex.formatHex(rs.getBytes(2))};
      assertThat(rs.next()).isFalse();
      return lsns;
    }
  }

  /** Every committed record of lending.changes in position order, once there are {@code count}; none more. */
  private List<ConsumerRecord<String, LendingChangeCaptured>> awaitChanges(int count) {
    await("changes on lending.changes").atMost(WAIT).until(() -> {
      assertThat(capture.failure()).isNull();
      return LendingChangesTopic.readCommitted(broker.getBrokersAsString()).size();
    }, size -> size >= count);
    // a repeat would arrive right behind: the count holds for a second
    List<ConsumerRecord<String, LendingChangeCaptured>> all = await("no repeat on lending.changes")
        .during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
        .until(() -> LendingChangesTopic.readCommitted(broker.getBrokersAsString()), records -> records.size() == count);
    assertThat(all).as("changes on lending.changes after %s", WAIT).hasSize(count);
    return all;
  }

  private static String url(String database) {
    return "jdbc:sqlserver://" + SQL_SERVER.getHost() + ":" + SQL_SERVER.getMappedPort(MSSQLServerContainer.MS_SQL_SERVER_PORT)
        + ";databaseName=" + database + ";encrypt=true;trustServerCertificate=true";
  }

  /** Runs a batch to its end: an error in a later statement of it only shows when its results are read. */
  private static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url("lending"), SQL_SERVER.getUsername(), SQL_SERVER.getPassword());
        Statement s = c.createStatement()) {
      boolean resultSet = s.execute(sql);
      while (resultSet || s.getUpdateCount() != -1) {
        resultSet = s.getMoreResults();
      }
    }
  }
}
