package io.loanofficer.capture;

import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.transport.KafkaClientSecurity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where to read changes from and write them to. {@code kind} chooses the source: the run command's
 * PostgreSQL (logical decoding) or the bank's SQL Server (CDC, ADR 0020). {@code slot} names the
 * Debezium engine and the transactional id, and on PostgreSQL the replication slot and publication:
 * one capture per slot. {@code driverProperties} go to the JDBC driver (SQL Server's TLS settings).
 */
public record CaptureSettings(DatabaseKind kind, String host, int port, String database, String schema, String user,
    String password, Map<String, String> driverProperties, String bootstrapServers, String slot,
    short replicationFactor) {

  /** The lending tables whose rows are captured (pii_disclosure is the tools' own bookkeeping). */
  public static final List<String> TABLES = List.of("borrower", "loan", "payment", "collateral", "equipment");

  /** Contact fields are PII (lending-domain): they never leave the database on the change stream. */
  public static final List<String> PII_COLUMNS = List.of("borrower.email", "borrower.phone", "borrower.address");

  /** Every change event's topic prefix; names the connector's metrics too. */
  static final String TOPIC_PREFIX = "lending";

  /** The database kinds change capture reads, with their defaults. */
  public enum DatabaseKind {
    POSTGRESQL("public", 5432, "postgres", ""),
    // TLS on, the server's certificate checked: the bank's SQL Server; compose trusts its self-signed one
    SQLSERVER("dbo", 1433, "lending", "encrypt=true;trustServerCertificate=false");

    private final String defaultSchema;
    private final int defaultPort;
    private final String defaultUser;
    private final String defaultDriverProperties;

    DatabaseKind(String defaultSchema, int defaultPort, String defaultUser, String defaultDriverProperties) {
      this.defaultSchema = defaultSchema;
      this.defaultPort = defaultPort;
      this.defaultUser = defaultUser;
      this.defaultDriverProperties = defaultDriverProperties;
    }

    /** {@code postgresql} or {@code sqlserver}, any case. */
    public static DatabaseKind parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "postgresql" -> POSTGRESQL;
        case "sqlserver" -> SQLSERVER;
        default -> throw new InvalidCaptureSettings("LENDING_DB_KIND must be postgresql or sqlserver, not '" + text + "'");
      };
    }
  }

  /** A setting that cannot work; the message names the variable, never a password. */
  public static final class InvalidCaptureSettings extends IllegalArgumentException {
    public InvalidCaptureSettings(String message) {
      super(message);
    }
  }

  public CaptureSettings {
    // in the given order, as they appear in a JDBC URL
    driverProperties = Collections.unmodifiableMap(new LinkedHashMap<>(driverProperties));
  }

  /** A capture of PostgreSQL's {@code public} schema (the run command's database and its tests). */
  public CaptureSettings(String host, int port, String database, String user, String password,
      String bootstrapServers, String slot, short replicationFactor) {
    this(DatabaseKind.POSTGRESQL, host, port, database, DatabaseKind.POSTGRESQL.defaultSchema, user, password,
        Map.of(), bootstrapServers, slot, replicationFactor);
  }

  /** From the environment, with the local run's defaults (PostgreSQL unless LENDING_DB_KIND says otherwise). */
  public static CaptureSettings fromEnvironment(Map<String, String> env) {
    DatabaseKind kind = DatabaseKind.parse(env.getOrDefault("LENDING_DB_KIND", "postgresql"));
    return new CaptureSettings(kind,
        env.getOrDefault("LENDING_DB_HOST", "127.0.0.1"),
        number(env, "LENDING_DB_PORT", kind.defaultPort),
        env.getOrDefault("LENDING_DB_NAME", "lending"),
        env.getOrDefault("LENDING_DB_SCHEMA", kind.defaultSchema),
        env.getOrDefault("LENDING_DB_USER", kind.defaultUser),
        env.getOrDefault("LENDING_DB_PASSWORD", ""),
        driverProperties(env.getOrDefault("LENDING_DB_JDBC_PROPERTIES", kind.defaultDriverProperties)),
        env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        env.getOrDefault("CAPTURE_SLOT", "lending_changes"),
        (short) number(env, "KAFKA_REPLICATION_FACTOR", 1));
  }

  /** The Debezium engine's configuration: the source's connector, offsets (and SQL Server's schema history) in Kafka. */
  Properties debezium() {
    Properties props = new Properties();
    props.setProperty("name", slot);
    props.setProperty("database.hostname", host);
    props.setProperty("database.port", Integer.toString(port));
    props.setProperty("database.user", user);
    props.setProperty("database.password", password);
    driverProperties.forEach((key, value) -> props.setProperty("driver." + key, value));
    props.setProperty("topic.prefix", TOPIC_PREFIX);
    props.setProperty("table.include.list", String.join(",", TABLES.stream().map(t -> schema + "." + t).toList()));
    props.setProperty("column.exclude.list", String.join(",", PII_COLUMNS.stream().map(c -> schema + "." + c).toList()));
    // existing rows are state, not changes (ADR 0011); streaming starts where the capture is first started
    props.setProperty("snapshot.mode", "no_data");
    props.setProperty("decimal.handling.mode", "string");
    props.setProperty("tombstones.on.delete", "false");
    switch (kind) {
      case POSTGRESQL -> {
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("database.dbname", database);
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", slot);
        props.setProperty("publication.name", slot);
        props.setProperty("publication.autocreate.mode", "filtered");
        // a batch is handed over once this long has passed without a full batch (500 ms by default)
        props.setProperty("poll.interval.ms", "50");
      }
      case SQLSERVER -> {
        // the default poll (500 ms) stays: each poll queries the bank's server, and the CDC capture
        // job only fills the change tables every few seconds anyway (ADR 0020)
        props.setProperty("connector.class", "io.debezium.connector.sqlserver.SqlServerConnector");
        props.setProperty("database.names", database);
        props.setProperty("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
        props.setProperty("schema.history.internal.kafka.topic", Topic.LENDING_CHANGES_SCHEMA_HISTORY.topicName());
        props.setProperty("schema.history.internal.kafka.bootstrap.servers", bootstrapServers);
        props.setProperty("schema.history.internal.store.only.captured.tables.ddl", "true");
        kafkaSecurity().forEach((key, value) -> {
          props.setProperty("schema.history.internal.producer." + key, value);
          props.setProperty("schema.history.internal.consumer." + key, value);
        });
      }
    }
    props.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
    props.setProperty("offset.storage.topic", Topic.LENDING_CHANGES_OFFSETS.topicName());
    props.setProperty("offset.storage.partitions", Integer.toString(Topic.LENDING_CHANGES_OFFSETS.partitions()));
    props.setProperty("offset.storage.replication.factor", Short.toString(replicationFactor));
    props.setProperty("bootstrap.servers", bootstrapServers);
    // the offset store's clients take the worker's own settings
    kafkaSecurity().forEach(props::setProperty);
    // offsets follow every batch, which ChangePublisher marks processed only after its Kafka commit
    props.setProperty("offset.flush.interval.ms", "0");
    return props;
  }

  /** SQL Server's JDBC URL for the capture's own checks (the connector builds its own from the same settings). */
  String sqlServerJdbcUrl() {
    StringBuilder url = new StringBuilder("jdbc:sqlserver://" + host + ":" + port + ";databaseName=" + database);
    driverProperties.forEach((key, value) -> url.append(';').append(key).append('=').append(value));
    return url.toString();
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "CaptureSettings[" + kind + " " + host + ":" + port + "/" + database + " schema " + schema + " as " + user
        + ", driver " + driverProperties.keySet() + ", kafka " + bootstrapServers + ", slot " + slot + "]";
  }

  private static Map<String, String> kafkaSecurity() {
    Map<String, String> config = new LinkedHashMap<>();
    KafkaClientSecurity.fromEnvironment().forEach((key, value) -> config.put(key, String.valueOf(value)));
    return config;
  }

  /** {@code key=value;key=value}, as in a JDBC URL (values are not echoed: a trust store password may be one). */
  static Map<String, String> driverProperties(String text) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals <= 0) {
        throw new InvalidCaptureSettings("LENDING_DB_JDBC_PROPERTIES: every entry is key=value, separated by ';'");
      }
      properties.put(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
    }
    return properties;
  }

  private static int number(Map<String, String> env, String name, int defaultValue) {
    String text = env.get(name);
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidCaptureSettings(name + " must be a whole number, not '" + text + "'");
    }
  }
}
