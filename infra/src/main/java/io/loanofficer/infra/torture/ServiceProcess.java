package io.loanofficer.infra.torture;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service instance run from its executable jar, as the run command runs it, that can be killed
 * (SIGKILL), stopped gracefully (SIGTERM) and started again with the same command line.
 */
public final class ServiceProcess {

  /** The fault runs' JVM options: small heaps and the serial collector, for two of each service on 2 cores. */
  static final List<String> FAULT_RUN_JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC");

  private final String name;
  private Path jar;
  private final int port;
  private final Map<String, String> env;
  private final Path log;
  private final List<String> jvmOptions;
  private final String profiles;
  private Process process;

  ServiceProcess(String name, Path jar, int port, Map<String, String> env, Path log) {
    this(name, jar, port, env, log, FAULT_RUN_JVM);
  }

  public ServiceProcess(String name, Path jar, int port, Map<String, String> env, Path log, List<String> jvmOptions) {
    this(name, jar, port, env, log, jvmOptions, "local");
  }

  /** {@code profiles}: the Spring profiles, e.g. {@code local,local-postgres} for a worker on PostgreSQL. */
  public ServiceProcess(String name, Path jar, int port, Map<String, String> env, Path log, List<String> jvmOptions,
      String profiles) {
    this.name = name;
    this.profiles = profiles;
    this.jar = jar;
    this.port = port;
    this.env = Map.copyOf(env);
    this.log = log;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  public String name() {
    return name;
  }

  /** The jar the next {@link #start()} runs: a rolling upgrade swaps it between a stop and a start. */
  void runFrom(Path jar) {
    this.jar = jar;
  }

  public int port() {
    return port;
  }

  /** The running JVM's process id (the java process itself: no wrapper in between). */
  public long pid() {
    return process.pid();
  }

  public void start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "--spring.profiles.active=" + profiles, "--server.port=" + port));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Files.writeString(log, "---- start " + java.time.Instant.now() + " from " + jar + "\n", java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    process = builder.start();
  }

  /** kill -9: no shutdown hook runs, the consumer group learns of it only by timeout. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * SIGSTOP, then SIGCONT after the pause: a stalled process (a long GC pause, a frozen VM). Its
   * group moves its partitions on after the session timeout, and when it wakes it is a zombie that
   * must not write: its transactions are fenced.
   */
  void pause(Duration pause) throws IOException, InterruptedException {
    signal("STOP");
    try {
      Thread.sleep(pause.toMillis());
    } finally {
      signal("CONT");
    }
  }

  private void signal(String name) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("kill -" + name + " " + this.name + " failed (" + exit + ")");
    }
  }

  /** SIGTERM: the service leaves its groups and finishes what it is doing. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Waits until the readiness probe answers 200 (its listeners have partitions, its state is loaded). */
  public void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited; see " + log);
      }
      try {
        if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
  }
}
