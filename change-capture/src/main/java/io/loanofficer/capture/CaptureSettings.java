package io.loanofficer.capture;

import io.loanofficer.events.topics.Topic;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where to read changes from and write them to. {@code slot} names the replication slot, the
 * publication, the Debezium engine and the transactional id: one capture per slot.
 */
public record CaptureSettings(String host, int port, String database, String user, String password,
    String bootstrapServers, String slot, short replicationFactor) {

  /** The lending tables whose rows are captured (pii_disclosure is the tools' own bookkeeping). */
  public static final List<String> TABLES = List.of("borrower", "loan", "payment", "collateral", "equipment");

  /** Contact fields are PII (lending-domain): they never leave the database on the change stream. */
  public static final List<String> PII_COLUMNS = List.of("borrower.email", "borrower.phone", "borrower.address");

  /** From the environment, with the local run's defaults. */
  public static CaptureSettings fromEnvironment(Map<String, String> env) {
    return new CaptureSettings(
        env.getOrDefault("LENDING_DB_HOST", "127.0.0.1"),
        Integer.parseInt(env.getOrDefault("LENDING_DB_PORT", "5432")),
        env.getOrDefault("LENDING_DB_NAME", "lending"),
        env.getOrDefault("LENDING_DB_USER", "postgres"),
        env.getOrDefault("LENDING_DB_PASSWORD", ""),
        env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
        env.getOrDefault("CAPTURE_SLOT", "lending_changes"),
        Short.parseShort(env.getOrDefault("KAFKA_REPLICATION_FACTOR", "1")));
  }

  /** The Debezium engine's configuration (PostgreSQL connector, pgoutput, offsets in Kafka). */
  Properties debezium() {
    Properties props = new Properties();
    props.setProperty("name", slot);
    props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    props.setProperty("database.hostname", host);
    props.setProperty("database.port", Integer.toString(port));
    props.setProperty("database.dbname", database);
    props.setProperty("database.user", user);
    props.setProperty("database.password", password);
    props.setProperty("topic.prefix", "lending");
    props.setProperty("plugin.name", "pgoutput");
    props.setProperty("slot.name", slot);
    props.setProperty("publication.name", slot);
    props.setProperty("publication.autocreate.mode", "filtered");
    props.setProperty("table.include.list", String.join(",", TABLES.stream().map(t -> "public." + t).toList()));
    props.setProperty("column.exclude.list", String.join(",", PII_COLUMNS.stream().map(c -> "public." + c).toList()));
    // existing rows are state, not changes (ADR 0011); streaming starts where the slot is created
    props.setProperty("snapshot.mode", "no_data");
    props.setProperty("decimal.handling.mode", "string");
    props.setProperty("tombstones.on.delete", "false");
    // a batch is handed over once this long has passed without a full batch (500 ms by default)
    props.setProperty("poll.interval.ms", "50");
    props.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
    props.setProperty("offset.storage.topic", Topic.LENDING_CHANGES_OFFSETS.topicName());
    props.setProperty("offset.storage.partitions", Integer.toString(Topic.LENDING_CHANGES_OFFSETS.partitions()));
    props.setProperty("offset.storage.replication.factor", Short.toString(replicationFactor));
    props.setProperty("bootstrap.servers", bootstrapServers);
    // offsets follow every batch, which ChangePublisher marks processed only after its Kafka commit
    props.setProperty("offset.flush.interval.ms", "0");
    return props;
  }
}
