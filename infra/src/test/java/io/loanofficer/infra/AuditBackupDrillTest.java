package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.audit.AuditExportFile;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.audit.Transcript;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.topics.TopicProvisioner;
import io.loanofficer.infra.audit.AuditBackupCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore drill on real brokers: conversations' chains written by the audit writer in
 * transactions, {@code audit-backup export}, a second, fresh cluster, {@code audit-backup restore};
 * then every chain verifies there (our verifier and infra/verify-audit.py), each conversation's
 * examiner replay equals the original's, and every record came back with its partition, key,
 * timestamp, headers and value, in its order. A restore into a topic that holds records is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(KafkaLane.class)
class AuditBackupDrillTest {

  private static final int CONVERSATIONS = 24;
  private static final int TURNS = 3;
  private static final int RECORDS = CONVERSATIONS * TURNS * AuditChainWriter.RECORDS_PER_TURN; // 288

  private TestKafka source;
  private TestKafka target;

  @BeforeAll
  void startBrokers() throws Exception {
    source = TestKafka.start();
    target = TestKafka.start(); // a fresh cluster: no topics at all
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers()))) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
    }
  }

  @AfterAll
  void stopBrokers() {
    for (TestKafka broker : new TestKafka[] {source, target}) {
      if (broker != null) {
        broker.close();
      }
    }
  }

  @Test
  void exportToAFreshClusterRestoresEveryChainAsItWas(@TempDir Path dir) throws Exception {
    List<String> chains;
    try (AuditChainWriter writer = new AuditChainWriter(source.bootstrapServers(), 3)) {
      chains = writer.write("conv-drill", CONVERSATIONS, TURNS);
      assertThat(writer.written()).isEqualTo(RECORDS);
    }
    Path backup = dir.resolve("audit-backup.avro");

    Cli export = cli("export", backup.toString(), "--bootstrap", source.bootstrapServers());
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.out().get(0)).startsWith("exported 288 records, 6 partitions, ");
    Map<Integer, Long> perPartition = expectedPerPartition(chains);
    assertThat(export.out().get(1)).isEqualTo("per partition: " + perPartition);
    Map<String, String> meta = AuditExportFile.metadata(backup.toFile());
    assertThat(meta).containsEntry(AuditExportFile.SELECTION_META, AuditBackupCli.SELECTION)
        .containsEntry(AuditExportFile.PARTITIONS_META, "6").containsKey(AuditBackupCli.END_OFFSETS_META);
    // the file's chains verify on their own, before any restore
    List<AuditLog> inFile = AuditExportFile.read(backup.toFile());
    assertThat(inFile).hasSize(CONVERSATIONS).allSatisfy(chain -> assertThat(chain.verify().verified()).isTrue());

    Cli restore = cli("restore", backup.toString(), "--bootstrap", target.bootstrapServers(), "--replication-factor", "1");
    assertThat(restore.exit()).as(restore.err()).isZero();
    assertThat(restore.out().get(0)).startsWith("restored 288 records, 6 partitions, ");
    assertThat(restore.out().get(1)).isEqualTo("per partition: " + perPartition);

    AuditLogReader original = reader(source);
    AuditLogReader restored = reader(target);
    for (String chain : chains) {
      AuditLog before = original.read(chain);
      AuditLog after = restored.read(chain);
      assertThat(before.entries()).as(chain).hasSize(TURNS * AuditChainWriter.RECORDS_PER_TURN);
      assertThat(after.verify().verified()).as(chain).isTrue();
      assertThat(after.records()).as(chain).isEqualTo(before.records());
      // the examiner's replay (GET /api/examiner/conversations/{id} renders this transcript)
      assertThat(Transcript.of(chain, after.records()).toJson()).isEqualTo(Transcript.of(chain, before.records()).toJson());
      assertThat(copies(after)).as(chain).isEqualTo(copies(before));
    }
    assertThat(Transcript.of(chains.get(0), restored.read(chains.get(0)).records()).turns()).hasSize(TURNS);

    // The restored topic, exported again, holds the same records in the same order (offsets aside).
    Path again = dir.resolve("again.avro");
    assertThat(cli("export", again.toString(), "--bootstrap", target.bootstrapServers()).exit()).isZero();
    assertThat(storedOf(again)).isEqualTo(storedOf(backup));

    // A second restore into the now full topic is refused and writes nothing.
    Cli refused = cli("restore", backup.toString(), "--bootstrap", target.bootstrapServers());
    assertThat(refused.exit()).isEqualTo(3);
    assertThat(refused.err()).contains("audit.events is not empty");
    assertThat(reader(target).endOffsets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);

    // The independent verifier agrees on both files (skips, saying why, without python3 and fastavro).
    VerifyAuditScript.assumeAvailable();
    for (Path file : List.of(backup, again)) {
      VerifyAuditScript.Run run = VerifyAuditScript.run(file.toAbsolutePath().toString());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).hasSize(CONVERSATIONS + 1).last().isEqualTo("verified: 288 records");
    }
  }

  /** Records per partition the chains' partitioning gives: murmur2(chainId) mod 6, 12 records each. */
  private static Map<Integer, Long> expectedPerPartition(List<String> chains) {
    Map<Integer, Long> counts = new TreeMap<>();
    for (int p = 0; p < Topic.AUDIT_EVENTS.partitions(); p++) {
      counts.put(p, 0L);
    }
    chains.forEach(c -> counts.merge(AuditKeys.partition(c, Topic.AUDIT_EVENTS.partitions()),
        (long) TURNS * AuditChainWriter.RECORDS_PER_TURN, Long::sum));
    return counts;
  }

  /** A record as stored, but its offset (the target's are its own). */
  private record Copy(String key, int partition, long timestamp, List<String> headers, String value) {}

  private static Copy copy(AuditLog.Stored stored) {
    List<String> headers = new ArrayList<>();
    for (Header header : stored.headers()) {
      headers.add(header.key() + "=" + (header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII)));
    }
    return new Copy(stored.key(), stored.partition(), stored.timestamp(), headers, Arrays.toString(stored.value()));
  }

  private static List<Copy> copies(AuditLog log) {
    return log.entries().stream().map(e -> copy(e.stored())).toList();
  }

  private static List<Copy> storedOf(Path file) throws Exception {
    List<Copy> copies = new ArrayList<>();
    AuditExportFile.forEachStored(file.toFile(), stored -> copies.add(copy(stored)));
    return copies;
  }

  private record Cli(int exit, List<String> out, String err) {}

  private static Cli cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = AuditBackupCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Cli(exit, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
  }

  private static AuditLogReader reader(TestKafka broker) {
    return new AuditLogReader(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        Topic.AUDIT_EVENTS.topicName(), java.time.Duration.ofSeconds(30));
  }
}
