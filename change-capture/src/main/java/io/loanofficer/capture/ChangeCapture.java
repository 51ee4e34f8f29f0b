package io.loanofficer.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.loanofficer.events.topics.Topic;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running capture: a Debezium engine on the lending database (PostgreSQL or SQL Server, by
 * {@link CaptureSettings#kind()}) feeding a {@link ChangePublisher}.
 */
public final class ChangeCapture implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChangeCapture.class);

  private final CaptureSettings settings;
  private final ChangePublisher publisher;
  private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "change-capture"));
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean stopped;

  private ChangeCapture(CaptureSettings settings, Clock clock) {
    this.settings = settings;
    this.publisher = new ChangePublisher(settings.bootstrapServers(), Topic.LENDING_CHANGES.topicName(),
        "change-capture-" + settings.slot(), new ChangeEvents(clock));
    this.engine = DebeziumEngine.create(ChangeEventFormat.of(io.debezium.embedded.Connect.class))
        .using(settings.debezium())
        .notifying(publisher)
        .using((success, message, error) -> {
          if (!success && !stopped) {
            failure.set(error != null ? error : new IllegalStateException(message));
            log.error("Change capture stopped: {}", message);
          }
        })
        .build();
  }

  /** Starts reading changes; {@link #awaitStreaming} tells when the source is being read. */
  public static ChangeCapture start(CaptureSettings settings, Clock clock) {
    ChangeCapture capture = new ChangeCapture(settings, clock);
    capture.runner.execute(capture.engine);
    return capture;
  }

  /**
   * Waits until the source is being read from a fixed point on, so that no later change is missed:
   * PostgreSQL's replication slot exists and has an active reader (the slot keeps every later change,
   * even across restarts); SQL Server's lending tables are tracked by CDC and the connector streams
   * (the change tables keep every later change for the CDC retention, 3 days by default).
   */
  public void awaitStreaming(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String waitingFor = "the database";
    while (System.nanoTime() < deadline) {
      if (failure.get() != null) {
        throw new IllegalStateException("Change capture failed", failure.get());
      }
      try {
        waitingFor = switch (settings.kind()) {
          case POSTGRESQL -> slotRead();
          case SQLSERVER -> cdcStreamed();
        };
        if (waitingFor == null) {
          return;
        }
      } catch (SQLException notYet) {
        // the database may still be starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Change capture is not streaming after " + timeout + ": waiting for " + waitingFor);
  }

  /** Null once the replication slot is read, else what is missing. */
  private String slotRead() throws SQLException {
    String url = "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database();
    try (Connection c = DriverManager.getConnection(url, settings.user(), settings.password());
        PreparedStatement s = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
      s.setString(1, settings.slot());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1) ? null : "a reader on the replication slot " + settings.slot();
      }
    }
  }

  /**
   * Null once every lending table is tracked by CDC and Debezium's streaming metrics say connected,
   * else what is missing. Debezium does not fail on a table without CDC, it just never sees a change:
   * hence the check, which names the tables still to enable (compose/sqlserver/enable-cdc.sql).
   */
  private String cdcStreamed() throws SQLException {
    List<String> untracked = new ArrayList<>(CaptureSettings.TABLES);
    try (Connection c = DriverManager.getConnection(settings.sqlServerJdbcUrl(), settings.user(), settings.password());
        PreparedStatement s = c.prepareStatement(
            "SELECT t.name FROM sys.tables t WHERE t.is_tracked_by_cdc = 1 AND SCHEMA_NAME(t.schema_id) = ?")) {
      s.setString(1, settings.schema());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          untracked.remove(ChangeEvents.name(rs.getString(1)));
        }
      }
    }
    if (!untracked.isEmpty()) {
      return "CDC on " + untracked.stream().map(t -> settings.schema() + "." + t).toList()
          + " (sys.sp_cdc_enable_table; see compose/sqlserver/enable-cdc.sql)";
    }
    return sqlServerStreamingConnected() ? null : "the SQL Server connector to start streaming";
  }

  /** Debezium's streaming metrics of this capture's connector (JMX, registered by the engine). */
  private static boolean sqlServerStreamingConnected() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      ObjectName pattern = new ObjectName("debezium.sql_server:type=connector-metrics,context=streaming,server="
          + CaptureSettings.TOPIC_PREFIX + ",*");
      for (ObjectName name : server.queryNames(pattern, null)) {
        try {
          if (Boolean.TRUE.equals(server.getAttribute(name, "Connected"))) {
            return true;
          }
        } catch (AttributeNotFoundException | InstanceNotFoundException perDatabaseOrGone) {
          // the per-database beans carry no connection state, the task's does
        }
      }
      return false;
    } catch (JMException e) {
      throw new IllegalStateException("Cannot read Debezium's streaming metrics", e);
    }
  }

  public ChangePublisher publisher() {
    return publisher;
  }

  /** The error that stopped the engine, if one did. */
  public Throwable failure() {
    return failure.get();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stopped = true;
    try {
      engine.close();
    } catch (IllegalStateException alreadyShutDown) {
      // an engine that failed has shut itself down; the publisher must still be closed
      if (failure.get() == null) {
        throw alreadyShutDown;
      }
    }
    runner.shutdown();
    if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
      log.warn("The change capture engine did not stop in 30 s");
    }
    publisher.close();
  }
}
