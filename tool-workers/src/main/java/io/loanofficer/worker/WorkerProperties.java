package io.loanofficer.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param id this worker in results and logs (WORKER_ID); defaults to host and process id
 * @param toolTimeout longest a tool may run (further bounded by its turn's deadline); past it the
 *     call's result is TIMEOUT
 */
@ConfigurationProperties("worker")
public record WorkerProperties(String id, Duration toolTimeout) {

  public WorkerProperties {
    if (id == null || id.isBlank()) {
      id = "tool-worker-" + host() + "-" + ProcessHandle.current().pid();
    }
    if (toolTimeout == null) {
      toolTimeout = Duration.ofSeconds(10);
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
