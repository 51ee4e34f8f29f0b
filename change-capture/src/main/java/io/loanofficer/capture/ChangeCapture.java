package io.loanofficer.capture;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.loanofficer.events.topics.Topic;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running capture: a Debezium engine on the lending database feeding a {@link ChangePublisher}. */
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

  /** Starts reading changes; {@link #awaitStreaming} tells when the slot is being read. */
  public static ChangeCapture start(CaptureSettings settings, Clock clock) {
    ChangeCapture capture = new ChangeCapture(settings, clock);
    capture.runner.execute(capture.engine);
    return capture;
  }

  /**
   * Waits until the replication slot exists and has an active reader: from then on no change is
   * missed (the slot keeps every later change, even across restarts).
   */
  public void awaitStreaming(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String url = "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database();
    while (System.nanoTime() < deadline) {
      if (failure.get() != null) {
        throw new IllegalStateException("Change capture failed", failure.get());
      }
      try (Connection c = DriverManager.getConnection(url, settings.user(), settings.password());
          PreparedStatement s = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
        s.setString(1, settings.slot());
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next() && rs.getBoolean(1)) {
            return;
          }
        }
      } catch (SQLException notYet) {
        // the database may still be starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("The replication slot " + settings.slot() + " is not read after " + timeout);
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
    engine.close();
    runner.shutdown();
    if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
      log.warn("The change capture engine did not stop in 30 s");
    }
    publisher.close();
  }
}
