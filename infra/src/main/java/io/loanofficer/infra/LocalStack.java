package io.loanofficer.infra;

import io.loanofficer.events.topics.TopicProvisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on embedded defaults, in one command (infra/run-local.sh): a real KRaft broker,
 * the catalogue's topics, an embedded PostgreSQL with logical decoding ({@link LocalPostgres}), one
 * tool worker on it seeded with the sample data, the change capture reading its changes, the
 * orchestrator with the offline planner, and the gateway on port 8080. Data lives
 * in .local/ and survives restarts. Ctrl-C stops everything: the launcher alone gets the signal (the
 * children run in their own sessions) and stops the services first, so that they leave their consumer
 * groups while the broker still runs, then the broker. Each service's pid is in .local/pids/.
 * "Ready" means every service's readiness probe says so: its listeners have their partitions and the
 * orchestrator its conversations. Traces go to a Zipkin started here too (UI on :9411), unless
 * {@code TRACING_EXPORT} says otherwise ({@code none}: no traces kept; {@code otlp}: a collector of yours).
 */
public final class LocalStack {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  private record Service(String name, String module, int port) {}

  /** The JVM options of each service the run command starts (the throughput benchmark starts them the same way). */
  public static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xms128m", "-Xmx512m", "-XX:TieredStopAtLevel=1");

  /** change-capture's GET /health/ready. */
  static final int CAPTURE_PORT = 8084;

  private static final List<Service> SERVICES = List.of(
      new Service("tool-worker", "tool-workers", 8082),
      new Service("orchestrator", "agent-orchestrator", 8081),
      new Service("gateway", "gateway", 8080));

  private final Path root;
  private final Path local;
  private final ClassDataArchives archives;
  private final List<Process> processes = new ArrayList<>();
  private LocalKafkaBroker broker;
  private LocalPostgres postgres;
  private Process capture;
  /** The Zipkin this launcher started (null: none, or one that was already running). */
  private LocalZipkin zipkin;
  private final String tracingExport = System.getenv().getOrDefault("TRACING_EXPORT", "zipkin");
  private String zipkinEndpoint;

  private LocalStack(Path root) {
    this.root = root;
    this.local = root.resolve(".local");
    this.archives = ClassDataArchives.fromEnvironment(local);
  }

  public static void main(String[] args) throws Exception {
    long startedAt = Long.getLong("run.startedAtMillis", System.currentTimeMillis());
    LocalStack stack = new LocalStack(Path.of("").toAbsolutePath());
    Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stop"));
    stack.start();
    log.info("LoanOfficer Assistant is ready at http://localhost:8080/ ({} s after the run command). Ctrl-C stops it.",
        String.format("%.1f", (System.currentTimeMillis() - startedAt) / 1000.0));
    if (stack.zipkinEndpoint != null) {
      log.info("Traces: {} (every turn; the slider's trace id links there)",
          stack.zipkinEndpoint.replace("/api/v2/spans", "/zipkin/"));
    }
    // the stack lives as long as its broker: a service may be restarted by hand (the recovery
    // benchmark does) without the launcher taking that for the end
    stack.broker.awaitExit();
  }

  private void start() throws IOException, InterruptedException {
    Path logs = Files.createDirectories(local.resolve("logs"));
    if (tracingExport.equals("zipkin")) {
      LocalZipkin candidate = new LocalZipkin(root.resolve(LocalZipkin.JAR), Integer.getInteger("local.zipkin.port", 9411),
          logs.resolve("zipkin.log"));
      zipkinEndpoint = candidate.spansEndpoint();
      if (candidate.answering()) {
        log.info("Zipkin already answers on {}: traces go there", candidate.baseUrl());
      } else {
        candidate.start(); // boots while the broker and the services do
        zipkin = candidate;
      }
    }
    // PostgreSQL starts beside the broker: neither needs the other
    CompletableFuture<LocalPostgres> database = CompletableFuture.supplyAsync(() -> {
      try {
        return LocalPostgres.start(local.resolve("pg"), Integer.getInteger("local.pg.port", LocalPostgres.DEFAULT_PORT),
            logs.resolve("postgres.log"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    int kafkaPort = Integer.getInteger("local.kafka.port", 9092);
    broker = new LocalKafkaBroker(local.resolve("kafka"), kafkaPort, kafkaPort + 1, logs.resolve("kafka.log"))
        .withClassDataArchives(archives);
    broker.start();
    try (Admin admin = broker.admin()) {
      List<String> created = TopicProvisioner.ensureTopics(admin, (short) 1);
      log.info("Kafka ready on {}; topics created: {}", broker.bootstrapServers(), created.isEmpty() ? "none (kept)" : created);
    }
    // the orchestrator and the gateway need no database: they start while PostgreSQL may still be starting
    Process[] started = new Process[SERVICES.size()];
    for (int i = 0; i < SERVICES.size(); i++) {
      if (!SERVICES.get(i).name().equals("tool-worker")) {
        started[i] = launch(SERVICES.get(i), logs.resolve(SERVICES.get(i).name() + ".log"));
      }
    }
    postgres = database.join();
    log.info("PostgreSQL ready on {} (wal_level=logical)", postgres.jdbcUrl());
    for (int i = 0; i < SERVICES.size(); i++) {
      if (started[i] == null) {
        started[i] = launch(SERVICES.get(i), logs.resolve(SERVICES.get(i).name() + ".log"));
      }
    }
    processes.addAll(List.of(started));
    for (Service service : SERVICES) {
      awaitHealthy(service, Duration.ofSeconds(120));
      if (service.name().equals("tool-worker")) {
        // the worker's migrations created the lending tables the capture publishes
        capture = launchCapture(logs.resolve("change-capture.log"));
      }
    }
    if (zipkin != null) {
      zipkin.awaitReady(Duration.ofSeconds(120));
    }
    awaitReady("change-capture", capture, "http://127.0.0.1:" + CAPTURE_PORT + "/health/ready", Duration.ofSeconds(60));
  }

  /**
   * The change-capture service (ADR 0011) from its module's jar and dependencies (a plain application:
   * Spring Boot's launcher would give its classes nothing, and only jars can be archived).
   */
  private Process launchCapture(Path logFile) throws IOException {
    Path module = root.resolve("change-capture").resolve("target");
    Path classpath = module.resolve("classpath.txt");
    Path jar = module.resolve("change-capture-0.1.0-SNAPSHOT.jar");
    if (!Files.exists(classpath) || !Files.exists(jar)) {
      throw new IllegalStateException(jar + " or " + classpath + " is missing: build first (infra/run-local.sh does)");
    }
    List<Path> jars = new ArrayList<>(List.of(jar));
    for (String entry : Files.readString(classpath).trim().split(":")) {
      jars.add(Path.of(entry));
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(SERVICE_JVM_OPTIONS);
    command.addAll(archives.launch("change-capture", jars, "io.loanofficer.capture.ChangeCaptureMain"));
    ProcessBuilder builder = new ProcessBuilder(ownSession(command.toArray(String[]::new)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Map<String, String> env = builder.environment();
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("LENDING_DB_HOST", "127.0.0.1");
    env.put("LENDING_DB_PORT", Integer.toString(postgres.port()));
    env.put("LENDING_DB_NAME", LocalPostgres.DATABASE);
    env.put("LENDING_DB_USER", LocalPostgres.USER);
    env.put("CAPTURE_PORT", Integer.toString(CAPTURE_PORT));
    log.info("Starting change-capture (log: {})", root.relativize(logFile));
    Process process = builder.start();
    Files.writeString(Files.createDirectories(local.resolve("pids")).resolve("change-capture"), process.pid() + "\n");
    return process;
  }

  private Process launch(Service service, Path logFile) throws IOException, InterruptedException {
    Path jar = root.resolve(service.module()).resolve("target").resolve(service.module() + "-0.1.0-SNAPSHOT-exec.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build first (infra/run-local.sh does)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(SERVICE_JVM_OPTIONS);
    command.addAll(archives.launch(service.name(), jar));
    // the tool worker's database is the embedded PostgreSQL (tool-worker-local-postgres.yml)
    String profiles = service.name().equals("tool-worker") ? LocalPostgres.TOOL_WORKER_PROFILES : "local";
    command.addAll(List.of("--spring.profiles.active=" + profiles, "--server.port=" + service.port()));
    ProcessBuilder builder = new ProcessBuilder(ownSession(command.toArray(String[]::new)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Map<String, String> env = builder.environment();
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("LOCAL_DATA_DIR", local.toString());
    env.put("TRACING_EXPORT", tracingExport);
    if (zipkinEndpoint != null) {
      env.putIfAbsent("ZIPKIN_ENDPOINT", zipkinEndpoint);
      // the demo slider links each answer's trace id to Zipkin's page of it
      env.putIfAbsent("TRACE_UI_URL", zipkinEndpoint.replace("/api/v2/spans", "/zipkin/traces/{traceId}"));
    }
    if (service.name().equals("tool-worker")) {
      env.putAll(LocalPostgres.toolWorkerEnvironment(postgres.port()));
    }
    if (service.name().equals("gateway")) {
      // one gateway, the same after every restart: its reply consumer group and its audit chain
      // (gateway-local-1) carry on instead of a new random pair per start
      env.putIfAbsent("GATEWAY_INSTANCE_ID", "local-1");
    }
    // one instance per service: a stable static member of its consumer groups (ADR 0009)
    env.putIfAbsent("KAFKA_GROUP_INSTANCE_ID", "local-1");
    // this broker allows short sessions (SingleNodeBroker): a crashed service's partitions move on in ~3 s
    env.putIfAbsent("KAFKA_SESSION_TIMEOUT", "3s");
    log.info("Starting {} (log: {})", service.name(), root.relativize(logFile));
    Process process = builder.start();
    Path pids = Files.createDirectories(local.resolve("pids"));
    Files.writeString(pids.resolve(service.name()), process.pid() + "\n");
    return process;
  }

  /**
   * The command in a session of its own (setsid, where there is one): a Ctrl-C in the terminal then
   * reaches the launcher alone, which stops the children in order, instead of every process at once.
   */
  static List<String> ownSession(String... command) {
    List<String> all = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      all.add("/usr/bin/setsid");
    }
    all.addAll(List.of(command));
    return all;
  }

  /**
   * The JVM's process id of a command started through {@link #ownSession}. setsid runs the command in
   * place (the child is no group leader, so it does not fork); should it ever fork, the one child is the JVM.
   */
  static long jvmPid(Process process) {
    ProcessHandle handle = process.toHandle();
    if (handle.info().command().map(c -> c.endsWith("setsid")).orElse(false)) {
      return handle.children().findFirst().map(ProcessHandle::pid).orElse(handle.pid());
    }
    return handle.pid();
  }

  private Optional<ProcessHandle> currentProcess(int index) {
    if (index >= processes.size()) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(local.resolve("pids").resolve(SERVICES.get(index).name())).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException noPidFile) {
      return processes.get(index).toHandle().isAlive() ? Optional.of(processes.get(index).toHandle())
          : Optional.empty();
    }
  }

  private void awaitHealthy(Service service, Duration timeout) throws InterruptedException {
    awaitReady(service.name(), processes.get(SERVICES.indexOf(service)),
        "http://127.0.0.1:" + service.port() + "/actuator/health/readiness", timeout);
  }

  private static void awaitReady(String name, Process process, String url, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited; see .local/logs/" + name + ".log");
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          log.info("{} is ready ({})", name, url);
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " was not ready within " + timeout);
  }

  /**
   * Stops the capture and the services (the ones it started, or whatever ran since under their pid
   * files), then the broker, then PostgreSQL.
   */
  private void stop() {
    List<ProcessHandle> running = new ArrayList<>();
    if (capture != null && capture.isAlive()) {
      capture.destroy();
      running.add(capture.toHandle());
    }
    for (int i = SERVICES.size() - 1; i >= 0; i--) {
      currentProcess(i).ifPresent(process -> {
        process.destroy();
        running.add(process);
      });
    }
    for (ProcessHandle process : running) {
      try {
        process.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception notStopped) {
        process.destroyForcibly();
      }
    }
    try {
      if (zipkin != null) {
        zipkin.stop();
      }
      if (broker != null) {
        broker.stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (postgres != null) {
      postgres.close();
    }
    log.info("Stopped.");
  }
}
