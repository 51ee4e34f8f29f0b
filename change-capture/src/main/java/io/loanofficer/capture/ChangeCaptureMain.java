package io.loanofficer.capture;

import io.loanofficer.events.transport.KafkaClientSecurity;
import io.loanofficer.events.topics.TopicProvisioner;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The change-capture service: creates the catalogue's missing topics, starts capturing (PostgreSQL or
 * SQL Server: {@link CaptureSettings#fromEnvironment}), prints "ready" once the source is streamed (and
 * answers {@code GET /health/ready} on CAPTURE_PORT, default 8084, with 200 from then on while the engine
 * runs; {@code GET /health/live} 503 once the engine has failed), and stops cleanly on SIGTERM/Ctrl-C
 * (offsets flushed, producer closed).
 */
public final class ChangeCaptureMain {

  private ChangeCaptureMain() {}

  public static void main(String[] args) throws Exception {
    CaptureSettings settings;
    try {
      settings = CaptureSettings.fromEnvironment(System.getenv());
    } catch (CaptureSettings.InvalidCaptureSettings e) {
      System.err.println("change-capture: " + e.getMessage());
      System.exit(2);
      return;
    }
    try (Admin admin = Admin.create(KafkaClientSecurity.withEnvironment(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers())))) {
      TopicProvisioner.ensureTopics(admin, settings.replicationFactor());
    }
    ChangeCapture capture = ChangeCapture.start(settings, Clock.systemUTC());
    AtomicBoolean streaming = new AtomicBoolean();
    CaptureHealth health = CaptureHealth.start(Integer.parseInt(System.getenv().getOrDefault("CAPTURE_PORT", "8084")),
        () -> streaming.get() && capture.failure() == null, () -> capture.failure() == null);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        streaming.set(false);
        health.close();
        capture.close();
      } catch (Exception e) {
        System.err.println("change-capture: stop failed: " + e);
      }
    }, "change-capture-stop"));
    try {
      capture.awaitStreaming(Duration.ofSeconds(60));
    } catch (IllegalStateException notStreaming) {
      // exit rather than linger not ready: the shutdown hook stops the engine, compose or Kubernetes restarts us
      System.err.println("change-capture: " + notStreaming.getMessage()
          + (notStreaming.getCause() != null ? ": " + notStreaming.getCause() : ""));
      System.exit(1);
    }
    streaming.set(true);
    System.out.println("change-capture ready: " + settings.kind().name().toLowerCase(Locale.ROOT) + " "
        + settings.host() + ":" + settings.port() + "/" + settings.database() + " (capture " + settings.slot()
        + "); GET http://127.0.0.1:" + health.port() + "/health/ready");
    Thread.currentThread().join();
  }
}
