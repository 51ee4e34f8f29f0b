package io.loanofficer.infra;

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
import java.util.concurrent.TimeUnit;

/**
 * Zipkin's server from its Maven exec jar ({@code io.zipkin:zipkin-server}, copied to
 * {@code infra/target/zipkin/} by the build): spans kept in memory, the UI and the API on
 * 127.0.0.1:port. The trace backend of the run command, as the Kafka broker is its Kafka. Nothing
 * is kept across restarts (traces are for looking at now; the audit trail is the record).
 */
public final class LocalZipkin {

  /** Where the build puts the jar, relative to the repository root. */
  public static final Path JAR = Path.of("infra", "target", "zipkin", "zipkin-server-exec.jar");
  /** A small heap, the C1 compiler and the serial collector: it shares two cores with the system it watches. */
  static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
  /** Spans kept (oldest dropped first): about 100 MB of heap. */
  static final int MAX_SPANS = 100_000;

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final Path jar;
  private final int port;
  private final Path log;
  private Process process;

  public LocalZipkin(Path jar, int port, Path log) {
    this.jar = jar;
    this.port = port;
    this.log = log;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Where the services post their spans (Zipkin v2 JSON). */
  public String spansEndpoint() {
    return baseUrl() + "/api/v2/spans";
  }

  /** True when a Zipkin already answers on the port (one left running, or started by hand): then it is used as it is. */
  public boolean answering() {
    try {
      HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts the server; {@link #awaitReady} waits for it (start it first, wait last: it boots in parallel). */
  public void start() throws IOException {
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build first (mvn package -pl infra copies it)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(LocalStack.ownSession(command.toArray(String[]::new)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("QUERY_PORT", Integer.toString(port));
    builder.environment().put("STORAGE_TYPE", "mem");
    builder.environment().put("MEM_MAX_SPANS", Integer.toString(MAX_SPANS));
    process = builder.start();
  }

  public void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException("Zipkin exited; see " + log);
      }
      if (answering()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Zipkin was not ready within " + timeout + "; see " + log);
  }

  /** One trace as Zipkin's API returns it (a JSON array of spans), or null when it has no such trace. */
  public String trace(String traceId) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v2/trace/" + traceId))
        .timeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? response.body() : null;
  }

  /** The server JVM's process id. */
  public long pid() {
    return LocalStack.jvmPid(process);
  }

  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
