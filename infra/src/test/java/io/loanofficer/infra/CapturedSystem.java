package io.loanofficer.infra;

import io.loanofficer.capture.CaptureSettings;
import io.loanofficer.capture.ChangeCapture;
import io.loanofficer.infra.corebanking.CoreBanking;
import io.loanofficer.tools.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;

/**
 * The system with change capture, for the alert tests and the alert benchmark: a database of its own
 * in the JVM's PostgreSQL cluster (the lending migrations and seed; wal_level=logical), a
 * {@link RunningSystem} whose tool worker runs on it, the orchestrator, one gateway, and the capture
 * on a slot named like the database. Ready when every consumer group has its members.
 */
final class CapturedSystem implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  final RunningSystem system;
  final CaptureSettings settings;
  final String url;
  ChangeCapture capture;

  private CapturedSystem(RunningSystem system, CaptureSettings settings, String url) {
    this.system = system;
    this.settings = settings;
    this.url = url;
  }

  /** @param database a database name of its own (also the replication slot's and the gateway's name) */
  static CapturedSystem start(String database) throws Exception {
    PostgresCluster postgres = PostgresCluster.shared();
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), PostgresCluster.USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    String url = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database;
    Flyway.configure().dataSource(url, PostgresCluster.USER, "")
        .locations("classpath:db/migration/postgresql", "classpath:db/seed").load().migrate();
    RunningSystem system = new RunningSystem();
    system.startToolWorker("worker-" + database, null, "spring.datasource.url=" + url,
        "spring.datasource.username=" + PostgresCluster.USER, "spring.datasource.password=",
        "spring.flyway.locations=classpath:db/migration/postgresql,classpath:db/seed");
    system.startOrchestrator();
    system.withGateway("gw-" + database);
    CapturedSystem captured = new CapturedSystem(system, new CaptureSettings("127.0.0.1", postgres.port(), database,
        PostgresCluster.USER, "", system.bootstrapServers(), database, (short) 1), url);
    captured.startCapture();
    system.awaitGroup("alert-rules", 1); // one consumer per instance (tool-worker.yml, orchestrator.yml)
    system.awaitGroup("agent-orchestrator", 1);
    system.awaitGroup("gateway-gw-" + database, 1);
    return captured;
  }

  void startCapture() throws InterruptedException {
    capture = ChangeCapture.start(settings, Clock.systemUTC());
    capture.awaitStreaming(WAIT);
  }

  void stopCapture() throws Exception {
    capture.close();
    capture = null;
  }

  /** Core banking writing into this system's database, its "today" from the clock. */
  CoreBanking bank(Clock clock) {
    return new CoreBanking(this::connection, clock);
  }

  Connection connection() {
    try {
      return DriverManager.getConnection(url, PostgresCluster.USER, "");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    if (capture != null) {
      capture.close();
    }
    system.close();
  }
}
