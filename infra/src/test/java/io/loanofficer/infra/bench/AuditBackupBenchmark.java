package io.loanofficer.infra.bench;

import io.loanofficer.audit.AuditExportFile;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.events.topics.TopicProvisioner;
import io.loanofficer.infra.AuditChainWriter;
import io.loanofficer.infra.BenchAccess;
import io.loanofficer.infra.audit.AuditBackupCli;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.header.Header;

/**
 * The audit restore drill at size (infra/bench-audit-backup.sh): two real brokers in their own
 * processes, {@code records} audit records of 10-turn conversations written in transactions, then
 * export, restore into the second broker, export again; prints records, times, rates and file size,
 * checks every chain of the backup verifies and that the restored topic's records (key, partition,
 * timestamp, headers, value, in order) equal the original's.
 */
public final class AuditBackupBenchmark {

  private static final int TURNS = 10;

  private AuditBackupBenchmark() {}

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
    int conversations = (int) Math.max(1, records / (TURNS * AuditChainWriter.RECORDS_PER_TURN));
    Path dir = Files.createTempDirectory("bench-audit-backup-");
    try (BenchAccess.Broker source = BenchAccess.Broker.start(Files.createDirectories(dir.resolve("source")));
         BenchAccess.Broker target = BenchAccess.Broker.start(Files.createDirectories(dir.resolve("target")))) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, source.bootstrapServers()))) {
        TopicProvisioner.ensureTopics(admin, (short) 1);
      }
      long started = System.nanoTime();
      long written;
      try (AuditChainWriter writer = new AuditChainWriter(source.bootstrapServers(), 1000)) {
        writer.write("conv-bench", conversations, TURNS);
        written = writer.written();
      }
      System.out.printf("wrote %,d audit records of %,d conversations in %.1f s%n", written, conversations,
          (System.nanoTime() - started) / 1e9);

      Path backup = dir.resolve("backup.avro");
      AuditBackupCli.Result export = AuditBackupCli.export(client(source), backup);
      System.out.printf("export:  %s, file %,.1f MB%n", export.describe(), Files.size(backup) / 1e6);
      long verifyStart = System.nanoTime();
      List<AuditLog> chains = AuditExportFile.read(backup.toFile());
      long broken = chains.stream().filter(c -> !c.verify().verified()).count();
      System.out.printf("verify:  %,d chains in the backup, %d broken, %.1f s (Java verifier)%n", chains.size(), broken,
          (System.nanoTime() - verifyStart) / 1e9);
      chains = null;
      independentVerifier(backup);

      AuditBackupCli.Result restore = AuditBackupCli.restore(client(target), backup, false, (short) 1);
      System.out.printf("restore: %s%n", restore.describe());
      Path again = dir.resolve("again.avro");
      AuditBackupCli.export(client(target), again);
      String original = digest(backup);
      String restored = digest(again);
      System.out.printf("records as stored (key, partition, timestamp, headers, value, order): %s%n",
          original.equals(restored) ? "equal (SHA-256 " + original.substring(0, 16) + "...)" : "DIFFERENT");
      if (broken > 0 || !original.equals(restored) || export.records() != written || restore.records() != written) {
        throw new IllegalStateException("the drill failed");
      }
      System.out.printf("| %,d | %.1f | %.1f | %.1f | %.1f |%n", written, Files.size(backup) / 1e6,
          export.took().toMillis() / 1000.0, restore.took().toMillis() / 1000.0,
          (export.took().toMillis() + restore.took().toMillis()) / 1000.0);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** infra/verify-audit.py on the backup, timed, when python3 with fastavro is there (the script runs from the repository root). */
  private static void independentVerifier(Path backup) throws IOException, InterruptedException {
    Path script = Path.of("infra", "verify-audit.py");
    long started = System.nanoTime();
    Process process;
    try {
      process = new ProcessBuilder("python3", script.toString(), backup.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      System.out.println("verify:  infra/verify-audit.py not run: " + e.getMessage());
      return;
    }
    List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    int exit = process.waitFor();
    System.out.printf("verify:  infra/verify-audit.py exit %d, \"%s\", %.1f s%n", exit,
        lines.isEmpty() ? "" : lines.get(lines.size() - 1), (System.nanoTime() - started) / 1e9);
  }

  private static Map<String, Object> client(BenchAccess.Broker broker) {
    return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
  }

  /** SHA-256 over every entry's key, partition, timestamp, headers and value, in file order (not offsets). */
  private static String digest(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    AuditExportFile.forEachStored(file.toFile(), stored -> {
      sha.update(stored.key().getBytes(StandardCharsets.UTF_8));
      sha.update(ByteBuffer.allocate(12).putInt(stored.partition()).putLong(stored.timestamp()).array());
      for (Header header : stored.headers()) {
        sha.update(header.key().getBytes(StandardCharsets.UTF_8));
        sha.update(header.value() == null ? new byte[0] : header.value());
      }
      sha.update(stored.value() == null ? new byte[] {0} : stored.value());
    });
    return HexFormat.of().formatHex(sha.digest());
  }
}
