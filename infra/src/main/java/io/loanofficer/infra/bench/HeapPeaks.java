package io.loanofficer.infra.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The highest heap use of each service, polled once a second from its actuator
 * (/actuator/metrics/jvm.memory.used?tag=area:heap: used bytes over all heap pools, garbage not yet
 * collected included) while a window runs. The gateway asks for a token on every path but its health.
 */
final class HeapPeaks implements AutoCloseable {

  private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)");

  /** A service's port, and the bearer token its actuator wants (null: none). */
  record Target(int port, String token) {}

  private final Map<String, Target> targets;
  private final Map<String, Long> peaks = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Thread poller;
  private volatile boolean running = true;

  /** Starts polling the services. */
  HeapPeaks(Map<String, Target> targets) {
    this.targets = Map.copyOf(targets);
    poller = new Thread(this::poll, "heap-peaks");
    poller.setDaemon(true);
    poller.start();
  }

  private void poll() {
    while (running) {
      targets.forEach((name, target) -> {
        Long used = heapUsed(target);
        if (used != null) {
          peaks.merge(name, used, Math::max);
        }
      });
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Long heapUsed(Target target) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + target.port() + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
          .timeout(Duration.ofSeconds(2));
      if (target.token() != null) {
        request.header("Authorization", "Bearer " + target.token());
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Matcher value = VALUE.matcher(response.body());
      return response.statusCode() == 200 && value.find() ? (long) Double.parseDouble(value.group(1)) : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception unavailable) {
      return null;
    }
  }

  /** Stops polling; the peaks in bytes by service. */
  Map<String, Long> peaks() throws InterruptedException {
    close();
    return new TreeMap<>(peaks);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    poller.interrupt();
    poller.join(5_000);
  }
}
