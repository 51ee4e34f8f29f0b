package io.loanofficer.capture;

import io.loanofficer.events.transport.KafkaClientSecurity;
import io.loanofficer.events.topics.TopicProvisioner;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The change-capture service: creates the catalogue's missing topics, starts capturing, prints
 * "ready" once the slot is read (and answers {@code GET /health/ready} on CAPTURE_PORT, default 8084,
 * with 200 from then on while the engine runs), and stops cleanly on SIGTERM/Ctrl-C (offsets flushed,
 * producer closed).
 */
public final class ChangeCaptureMain {

  private ChangeCaptureMain() {}

  public static void main(String[] args) throws Exception {
    CaptureSettings settings = CaptureSettings.fromEnvironment(System.getenv());
    try (Admin admin = Admin.create(KafkaClientSecurity.withEnvironment(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers())))) {
      TopicProvisioner.ensureTopics(admin, settings.replicationFactor());
    }
    ChangeCapture capture = ChangeCapture.start(settings, Clock.systemUTC());
    AtomicBoolean streaming = new AtomicBoolean();
    CaptureHealth health = CaptureHealth.start(Integer.parseInt(System.getenv().getOrDefault("CAPTURE_PORT", "8084")),
        () -> streaming.get() && capture.failure() == null);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        streaming.set(false);
        health.close();
        capture.close();
      } catch (Exception e) {
        System.err.println("change-capture: stop failed: " + e);
      }
    }, "change-capture-stop"));
    capture.awaitStreaming(Duration.ofSeconds(60));
    streaming.set(true);
    System.out.println("change-capture ready: slot " + settings.slot() + " on " + settings.host() + ":"
        + settings.port() + "/" + settings.database() + "; GET http://127.0.0.1:" + health.port() + "/health/ready");
    Thread.currentThread().join();
  }
}
