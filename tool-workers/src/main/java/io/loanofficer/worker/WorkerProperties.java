package io.loanofficer.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param id this worker in results and logs (WORKER_ID); defaults to host and process id
 * @param toolTimeout longest a tool may run (further bounded by its turn's deadline); past it the
 *     call's result is TIMEOUT; also the JDBC query timeout (whole seconds, rounded up), so that the
 *     driver cancels a query that overruns it and frees its thread and connection
 * @param toolThreads most tool calls running at once, counting calls that timed out but whose tool
 *     has not ended yet; when all are taken, the listener waits (back-pressure)
 * @param resultsLinger longest an ended call's result waits for the calls still running, so that they
 *     share a transaction (ADR 28); when no other call runs it goes at once
 */
@ConfigurationProperties("worker")
public record WorkerProperties(String id, Duration toolTimeout, Integer toolThreads, Duration resultsLinger) {

  public WorkerProperties {
    if (id == null || id.isBlank()) {
      id = "tool-worker-" + host() + "-" + ProcessHandle.current().pid();
    }
    if (toolTimeout == null) {
      toolTimeout = Duration.ofSeconds(10);
    }
    if (toolTimeout.isNegative() || toolTimeout.isZero()) {
      throw new IllegalArgumentException("worker.tool-timeout must be positive, got " + toolTimeout);
    }
    if (toolThreads == null) {
      toolThreads = 8;
    }
    if (toolThreads < 1) {
      throw new IllegalArgumentException("worker.tool-threads must be at least 1, got " + toolThreads);
    }
    if (resultsLinger == null) {
      resultsLinger = Duration.ofMillis(30);
    }
    if (resultsLinger.isNegative()) {
      throw new IllegalArgumentException("worker.results-linger must not be negative, got " + resultsLinger);
    }
  }

  /** The tool timeout as a JDBC query timeout: whole seconds, rounded up (0 would mean none). */
  public int queryTimeoutSeconds() {
    return (int) Math.max(1, (toolTimeout.toMillis() + 999) / 1000);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
