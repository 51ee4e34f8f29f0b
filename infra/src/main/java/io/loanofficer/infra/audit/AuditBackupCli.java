package io.loanofficer.infra.audit;

import io.loanofficer.audit.AuditExportFile;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.transport.KafkaClientSecurity;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Backup and restore of the whole audit trail (infra/audit-backup.sh; docs/operations.md):
 *
 * <pre>
 * audit-backup.sh export FILE.avro [--bootstrap host:port]
 * audit-backup.sh restore FILE.avro [--bootstrap host:port] [--force] [--replication-factor N]
 * </pre>
 *
 * {@code export} writes every committed record of audit.events, partition after partition in offset
 * order, values and tombstones, with key, partition, offset, timestamp and headers, into the
 * examiners' export format (AuditExportFile, docs/audit-chain.md), so infra/verify-audit.py verifies a
 * backup as it verifies an export. {@code restore} writes them into audit.events of another cluster:
 * the same partition, key, timestamp, headers and value byte for byte, in the same order per
 * partition (one idempotent producer); offsets are the target's own (the source's transaction markers
 * took offsets too). It creates the topic from the catalogue when missing and refuses one that holds
 * records, or has another partition count, unless {@code --force} (which appends; the partition
 * count must still match). Exit 0 done, 1 failed, 2 bad arguments, 3 target refused.
 */
public final class AuditBackupCli {

  static final String USAGE = "usage: audit-backup.sh export FILE.avro [--bootstrap host:port]\n"
      + "       audit-backup.sh restore FILE.avro [--bootstrap host:port] [--force] [--replication-factor N]";

  /** What a backup's selection metadata says: restore takes nothing else (an export holds chosen chains). */
  public static final String SELECTION = "backup: every record of the topic";
  /** The source's end offsets per partition when the backup was taken: the recovery point. */
  public static final String END_OFFSETS_META = "loanofficer.audit.backup.end-offsets";
  public static final String TAKEN_AT_META = "loanofficer.audit.backup.taken-at";

  /** Reading or writing a whole topic. */
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  /** What an export or a restore did: records per partition and how long it took. */
  public record Result(Map<Integer, Long> recordsPerPartition, Duration took) {
    public long records() {
      return recordsPerPartition.values().stream().mapToLong(Long::longValue).sum();
    }

    public String describe() {
      return String.format("%,d records, %d partitions, %.2f s (%,.0f records/s)", records(),
          recordsPerPartition.size(), took.toMillis() / 1000.0, records() / Math.max(0.001, took.toMillis() / 1000.0));
    }
  }

  /** The target cannot take the backup (not empty, other partition count) or the file is not a backup. */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  private AuditBackupCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command without System.exit: returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    short replication = Short.parseShort(System.getenv().getOrDefault("TOPICS_REPLICATION_FACTOR", "3"));
    boolean force = false;
    List<String> positional = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--bootstrap" -> bootstrap = args[++i];
          case "--force" -> force = true;
          case "--replication-factor" -> replication = Short.parseShort(args[++i]);
          default -> {
            if (args[i].startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            positional.add(args[i]);
          }
        }
      }
      if (positional.size() != 2 || !Set.of("export", "restore").contains(positional.get(0))) {
        throw new IllegalArgumentException("export or restore, and FILE.avro");
      }
      if (force && positional.get(0).equals("export")) {
        throw new IllegalArgumentException("--force is for restore");
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      err.println("audit-backup: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option needs a value" : e.getMessage()));
      err.println(USAGE);
      return 2;
    }
    Map<String, Object> client;
    try {
      client = KafkaClientSecurity.withEnvironment(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    } catch (KafkaClientSecurity.InvalidKafkaSecurity e) {
      err.println("audit-backup: " + e.getMessage());
      return 2;
    }
    Path file = Path.of(positional.get(1));
    try {
      if (positional.get(0).equals("export")) {
        Result result = export(client, file);
        out.println("exported " + result.describe() + " from " + Topic.AUDIT_EVENTS.topicName() + " to " + file);
        out.println("per partition: " + result.recordsPerPartition());
      } else {
        Result result = restore(client, file, force, replication);
        out.println("restored " + result.describe() + " into " + Topic.AUDIT_EVENTS.topicName() + " on " + bootstrap);
        out.println("per partition: " + result.recordsPerPartition());
      }
      return 0;
    } catch (Refused e) {
      err.println("audit-backup: " + e.getMessage());
      return 3;
    } catch (IOException | UncheckedIOException e) {
      err.println("audit-backup: cannot " + positional.get(0) + " " + file + ": " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("audit-backup: " + positional.get(0) + " failed: " + e);
      return 1;
    }
  }

  /**
   * Writes every committed record of audit.events below the end offsets of the moment to {@code file}
   * (written aside, then moved into place: a failed export leaves no partial file).
   */
  public static Result export(Map<String, Object> client, Path file) throws IOException {
    long started = System.nanoTime();
    AuditLogReader reader = new AuditLogReader(client, Topic.AUDIT_EVENTS.topicName(), TIMEOUT);
    Map<Integer, Long> ends = reader.endOffsets();
    Map<Integer, Long> counts = new TreeMap<>();
    ends.keySet().forEach(p -> counts.put(p, 0L));
    Path absolute = file.toAbsolutePath();
    Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".partial");
    try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20);
        AuditExportFile.Writer writer = new AuditExportFile.Writer(stream, Topic.AUDIT_EVENTS.topicName(),
            ends.size(), SELECTION, Map.of(END_OFFSETS_META, encode(ends), TAKEN_AT_META, Instant.now().toString()))) {
      reader.scanAll(ends, stored -> {
        try {
          writer.append(stored);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        counts.merge(stored.partition(), 1L, Long::sum);
      });
    } catch (RuntimeException | IOException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Result(counts, Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Writes a backup into audit.events of the cluster {@code client} names, creating the topic from the
   * catalogue when missing; then checks that each partition grew by exactly its records in the file.
   */
  public static Result restore(Map<String, Object> client, Path file, boolean force, short replicationFactor)
      throws IOException, Refused {
    long started = System.nanoTime();
    Map<String, String> meta = AuditExportFile.metadata(file.toFile());
    if (!SELECTION.equals(meta.get(AuditExportFile.SELECTION_META))) {
      throw new Refused(file + " is not a backup (" + meta.get(AuditExportFile.SELECTION_META)
          + "): restore takes a file written by audit-backup.sh export");
    }
    int partitions = Integer.parseInt(meta.get(AuditExportFile.PARTITIONS_META));
    String topic = Topic.AUDIT_EVENTS.topicName();
    Map<Integer, Long> before;
    try (Admin admin = Admin.create(client)) {
      before = prepareTopic(admin, topic, partitions, force, replicationFactor);
      Map<Integer, Long> counts = new TreeMap<>();
      before.keySet().forEach(p -> counts.put(p, 0L));
      AtomicReference<Exception> failure = new AtomicReference<>();
      Map<String, Object> config = new HashMap<>(client);
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      // idempotent: retries neither duplicate nor reorder a partition's records
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
      config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
      config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
      config.put(ProducerConfig.CLIENT_ID_CONFIG, "audit-restore");
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
        AuditExportFile.forEachStored(file.toFile(), stored -> {
          if (failure.get() != null) {
            return;
          }
          if (stored.partition() < 0 || stored.partition() >= partitions) {
            failure.compareAndSet(null, new IllegalStateException("entry " + stored.key() + " names partition "
                + stored.partition() + " of " + partitions));
            return;
          }
          producer.send(new ProducerRecord<>(topic, stored.partition(), stored.timestamp(), stored.key(), stored.value(),
              stored.headers()), (metadata, error) -> {
                if (error != null) {
                  failure.compareAndSet(null, error);
                }
              });
          counts.merge(stored.partition(), 1L, Long::sum);
        });
        producer.flush();
      }
      if (failure.get() != null) {
        throw new IllegalStateException("restore stopped; the topic holds part of the backup (restore again into an"
            + " empty topic): " + failure.get().getMessage(), failure.get());
      }
      Map<Integer, Long> after = latest(admin, topic, partitions);
      for (Map.Entry<Integer, Long> partition : counts.entrySet()) {
        long grew = after.get(partition.getKey()) - before.get(partition.getKey());
        if (grew != partition.getValue()) {
          throw new IllegalStateException("partition " + partition.getKey() + " grew by " + grew + " records, the backup"
              + " holds " + partition.getValue());
        }
      }
      return new Result(counts, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** Creates the topic, or checks the existing one; returns its end offsets before the restore. */
  private static Map<Integer, Long> prepareTopic(Admin admin, String topic, int partitions, boolean force,
      short replicationFactor) throws Refused {
    try {
      if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
        admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor).configs(Topic.AUDIT_EVENTS.configs())))
            .all().get(60, TimeUnit.SECONDS);
        Map<Integer, Long> empty = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
          empty.put(p, 0L);
        }
        return empty;
      }
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      if (description.partitions().size() != partitions) {
        // a chain's partition is murmur2(chainId) mod the count: with another count readers look elsewhere
        throw new Refused(topic + " has " + description.partitions().size() + " partitions, the backup " + partitions);
      }
      Map<Integer, Long> ends = latest(admin, topic, partitions);
      long held = ends.values().stream().mapToLong(Long::longValue).sum();
      if (held > 0 && !force) {
        throw new Refused(topic + " is not empty (end offsets " + ends + "): restore into an empty topic, or --force to"
            + " append");
      }
      return ends;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot prepare " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Each partition's end offset (every record, committed or not: what a restore appended). */
  private static Map<Integer, Long> latest(Admin admin, String topic, int partitions) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> ends = new TreeMap<>();
    try {
      admin.listOffsets(request).all().get(60, TimeUnit.SECONDS)
          .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return ends;
  }

  private static String encode(Map<Integer, Long> offsets) {
    return offsets.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}
