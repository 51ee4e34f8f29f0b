package io.loanofficer.infra;

import io.loanofficer.events.topics.SingleNodeBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker (broker and controller in one process) run from the Maven jars on
 * this JVM's classpath, with its data in a folder that survives restarts.
 */
public final class LocalKafkaBroker {

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private final Path log;
  /** Listeners beside PLAINTEXT and CONTROLLER: name -> "protocol port" (see {@link #withListener}). */
  private final Map<String, String> listeners = new java.util.LinkedHashMap<>();
  private final Map<String, String> extraSettings = new TreeMap<>();
  private final List<String> formatArguments = new ArrayList<>();
  /** The run command's (ADR 24); tests and benchmarks start their brokers without. */
  private ClassDataArchives archives;
  private Process process;

  public LocalKafkaBroker(Path dataDir, int port, int controllerPort, Path log) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.log = log;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /**
   * Adds a listener (before {@link #start}), e.g. SASL_SSL for the transport security test: {@code
   * name} maps to {@code protocol} on 127.0.0.1:{@code listenerPort}; {@code settings} are more broker
   * properties ({@code listener.name.<name>.*}, {@code sasl.enabled.mechanisms}); {@code format} goes
   * to the storage format on a first start (e.g. {@code --add-scram}, SCRAM users that exist from the
   * start). The PLAINTEXT listener stays the brokers' own and the admin's.
   */
  public LocalKafkaBroker withListener(String name, String protocol, int listenerPort, Map<String, String> settings,
      List<String> format) {
    listeners.put(name, protocol + " " + listenerPort);
    extraSettings.putAll(settings);
    formatArguments.addAll(format);
    return this;
  }

  /** The broker starts from a class-data archive of its classes (recorded when it stops after a start without one). */
  LocalKafkaBroker withClassDataArchives(ClassDataArchives archives) {
    this.archives = archives;
    return this;
  }

  public void start() throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    Path config = dataDir.resolve("server.properties");
    StringBuilder more = new StringBuilder();
    StringBuilder advertised = new StringBuilder();
    StringBuilder protocols = new StringBuilder();
    listeners.forEach((name, listener) -> {
      String[] protocolAndPort = listener.split(" ");
      more.append(',').append(name).append("://127.0.0.1:").append(protocolAndPort[1]);
      advertised.append(',').append(name).append("://127.0.0.1:").append(protocolAndPort[1]);
      protocols.append(',').append(name).append(':').append(protocolAndPort[0]);
    });
    List<String> lines = new ArrayList<>(List.of(
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort + more,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + advertised,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT" + protocols,
        "log.dirs=" + dataDir.resolve("logs").toAbsolutePath(),
        "num.partitions=1",
        "offsets.topic.num.partitions=1"));
    new TreeMap<>(SingleNodeBroker.SETTINGS).forEach((key, value) -> lines.add(key + "=" + value));
    extraSettings.forEach((key, value) -> lines.add(key + "=" + value));
    Files.writeString(config, String.join("\n", lines) + "\n");
    if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
      List<String> format = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
      format.addAll(formatArguments);
      int formatted = java("kafka.tools.StorageTool", format.toArray(String[]::new)).waitFor();
      if (formatted != 0) {
        throw new IllegalStateException("Formatting the Kafka storage failed; see " + log);
      }
    }
    process = archives == null ? java("kafka.Kafka", config.toString()) : archived(config);
    awaitReady(Duration.ofSeconds(60));
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The Kafka broker exited; see " + log);
      }
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
        return;
      } catch (Exception notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("The Kafka broker did not become ready in " + timeout);
  }

  /** The broker JVM's process id. */
  public long pid() {
    return LocalStack.jvmPid(process);
  }

  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
  }

  /** Returns when the broker process has ended. */
  void awaitExit() throws InterruptedException {
    process.waitFor();
  }

  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** The broker from the jars of this class path alone (a directory on it disables archiving). */
  private Process archived(Path config) throws IOException {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (entry.endsWith(".jar")) {
        jars.add(Path.of(entry));
      }
    }
    List<String> command = jvm();
    command.addAll(archives.launch("kafka", jars, "kafka.Kafka"));
    command.add(config.toString());
    return start(command);
  }

  private Process java(String mainClass, String... args) throws IOException {
    List<String> command = jvm();
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return start(command);
  }

  private static List<String> jvm() {
    return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m", "-Xmx512m"));
  }

  private Process start(List<String> command) throws IOException {
    return new ProcessBuilder(LocalStack.ownSession(command.toArray(String[]::new)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }
}
