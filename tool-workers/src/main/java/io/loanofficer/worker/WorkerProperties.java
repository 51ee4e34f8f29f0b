package io.loanofficer.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param id this worker in results and logs (WORKER_ID); defaults to host and process id */
@ConfigurationProperties("worker")
public record WorkerProperties(String id) {

  public WorkerProperties {
    if (id == null || id.isBlank()) {
      id = "tool-worker-" + host() + "-" + ProcessHandle.current().pid();
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
