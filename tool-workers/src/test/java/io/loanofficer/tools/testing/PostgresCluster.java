package io.loanofficer.tools.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A private PostgreSQL server for tests, started from the machine's server binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, newest first, else {@code initdb} on the PATH): a fresh
 * cluster in a temporary directory, on a free port with its own unix socket directory, with
 * {@code wal_level=logical}, and one empty database {@value #DATABASE}. {@code initdb} refuses to run as
 * root, so as root the cluster belongs to the {@code postgres} user and its commands run through
 * {@code su postgres}.
 *
 * <p>One cluster per JVM ({@link #shared()}), started on first use, stopped and deleted when the test
 * engine finishes (and by a shutdown hook, should the engine not get there). Use it through
 * {@link OnPostgres}. Without server binaries the tests are skipped with the reason printed and reported;
 * {@code infra/test.sh} installs them where they are missing.
 */
public final class PostgresCluster implements AutoCloseable {

  public static final String DATABASE = "lending";
  public static final String USER = "postgres";

  private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
  private static final String NO_BINARIES = "PostgreSQL tests skipped: no server binaries (looked for "
      + System.getProperty("postgres.bin", DEBIAN_BINARIES + "/*/bin/initdb and initdb on the PATH")
      + "; infra/test.sh installs the Debian package postgresql)";
  private static PostgresCluster shared;

  private final Path binaries;
  private final Path home;
  private final Path data;
  private final int port;
  private final boolean asPostgresUser;
  private boolean running;

  private PostgresCluster(Path binaries) throws IOException {
    this.binaries = binaries;
    this.asPostgresUser = "root".equals(System.getProperty("user.name"));
    this.home = Files.createTempDirectory("pgcluster-");
    this.data = home.resolve("data");
    this.port = freePort();
  }

  /** The JVM's cluster, started on first call. Skips the calling test when there are no server binaries. */
  public static synchronized PostgresCluster shared() {
    if (shared == null) {
      Optional<Path> binaries = serverBinaries();
      if (binaries.isEmpty()) {
        System.err.println("[PostgresCluster] " + NO_BINARIES);
        Assumptions.abort(NO_BINARIES);
      }
      try {
        PostgresCluster cluster = new PostgresCluster(binaries.get());
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "postgres-cluster-stop"));
        cluster.start();
        shared = cluster;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start a PostgreSQL cluster", e);
      }
    }
    return shared;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  public int port() {
    return port;
  }

  /**
   * The directory named by {@code -Dpostgres.bin=...} when given (only that one), else the newest
   * {@code /usr/lib/postgresql/<version>/bin} holding initdb and pg_ctl, else the PATH's.
   */
  static Optional<Path> serverBinaries() {
    String chosen = System.getProperty("postgres.bin");
    if (chosen != null && !chosen.isBlank()) {
      return Optional.of(Path.of(chosen)).filter(PostgresCluster::hasServer);
    }
    if (Files.isDirectory(DEBIAN_BINARIES)) {
      try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
        Optional<Path> newest = versions
            .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
            .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
            .map(v -> v.resolve("bin"))
            .filter(PostgresCluster::hasServer)
            .findFirst();
        if (newest.isPresent()) {
          return newest;
        }
      } catch (IOException e) {
        // fall through to the PATH
      }
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(dir -> !dir.isBlank())
        .map(Path::of)
        .filter(PostgresCluster::hasServer)
        .findFirst();
  }

  private static boolean hasServer(Path bin) {
    return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
  }

  private void start() throws IOException {
    long started = System.nanoTime();
    Path sockets = Files.createDirectories(home.resolve("sockets"));
    Path log = home.resolve("server.log");
    Files.createFile(log);
    if (asPostgresUser) {
      giveToPostgres(home, sockets, log);
    }
    run(List.of(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
        "-E", "UTF8", "--locale=C", "--no-sync"), 120);
    // Appended to the file initdb wrote (so it keeps its owner): the later settings win.
    Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
        "",
        "# test cluster (PostgresCluster)",
        "port = " + port,
        "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = '" + sockets + "'",
        "wal_level = logical",
        "max_wal_senders = 4",
        "max_replication_slots = 4",
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        ""), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(),
        "-w", "-t", "60", "start"), 90);
    running = true;
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + DATABASE);
    } catch (SQLException e) {
      throw new IOException("PostgreSQL started but the database could not be created", e);
    }
    System.err.printf("[PostgresCluster] PostgreSQL (%s) up on 127.0.0.1:%d, wal_level=logical, in %d ms (%s)%n",
        binaries.getParent().getFileName(), port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), home);
  }

  /** Stops the server (fast) and deletes its directory; safe to call twice. */
  @Override
  public synchronized void close() {
    try {
      if (running) {
        running = false;
        run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "30",
            "stop"), 60);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("[PostgresCluster] could not stop the server: " + e.getMessage());
    } finally {
      deleteRecursively(home);
    }
  }

  /** Runs a server command (through su postgres when we are root), failing with its output. */
  private void run(List<String> command, int timeoutSeconds) throws IOException {
    List<String> line = new ArrayList<>();
    if (asPostgresUser) {
      line.addAll(List.of("su", "-s", "/bin/sh", USER, "-c", String.join(" ", command.stream().map(PostgresCluster::quote).toList())));
    } else {
      line.addAll(command);
    }
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish in " + timeoutSeconds + " s: " + output);
      }
      if (process.exitValue() != 0) {
        String serverLog = Files.isReadable(home.resolve("server.log")) ? Files.readString(home.resolve("server.log")) : "";
        throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output + serverLog);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("Interrupted while running " + command.get(0), e);
    }
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }

  private static void giveToPostgres(Path... paths) throws IOException {
    UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
    GroupPrincipal group = users.lookupPrincipalByGroupName(USER);
    for (Path path : paths) {
      PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
      view.setOwner(users.lookupPrincipalByName(USER));
      view.setGroup(group);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("[PostgresCluster] could not delete " + root + ": " + e.getMessage());
    }
  }

  /**
   * Skips a test class, with the reason (printed, and in the test report), when there are no server
   * binaries; else starts the shared cluster before it and stops it when the test engine has finished.
   */
  public static final class Extension implements ExecutionCondition, BeforeAllCallback {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (shared != null || serverBinaries().isPresent()) {
        return ConditionEvaluationResult.enabled("PostgreSQL server binaries found");
      }
      System.err.println("[PostgresCluster] " + context.getDisplayName() + ": " + NO_BINARIES);
      return ConditionEvaluationResult.disabled(NO_BINARIES);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      PostgresCluster cluster = shared();
      context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .computeIfAbsent(PostgresCluster.class, key -> new StopWhenDone(cluster));
    }
  }

  /** Closed by JUnit with the root store, i.e. after the last test. */
  private record StopWhenDone(PostgresCluster cluster) implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
    }
  }

  /** Points the Spring Boot test context's datasource at the shared cluster. */
  public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      PostgresCluster cluster = shared();
      context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgres-cluster", Map.of(
          "spring.datasource.url", cluster.jdbcUrl(),
          "spring.datasource.username", USER,
          "spring.datasource.password", "",
          "spring.flyway.locations", "classpath:db/migration/postgresql,classpath:db/seed")));
    }
  }
}
