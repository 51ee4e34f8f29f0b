package io.loanofficer.infra.audit;

import io.loanofficer.events.transport.KafkaClientSecurity;
import io.loanofficer.audit.AuditExportFile;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.audit.ChainVerification;
import io.loanofficer.events.topics.Topic;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The examiners' export on the command line (infra/audit-export.sh): writes audit chains from
 * audit.events as an Avro object container file (AuditExportFile, docs/audit-chain.md) that any Avro
 * tool reads and infra/verify-audit.py verifies.
 *
 * <pre>
 * audit-export.sh CONVERSATION_ID FILE.avro [--bootstrap host:port]      one chain
 * audit-export.sh --all FILE.avro [--bootstrap host:port]                legal hold: every chain
 * audit-export.sh --from DATE --to DATE FILE.avro [--bootstrap ...]      legal hold: every chain with a
 *                                                                        record that occurred in the range
 * </pre>
 *
 * Exit status 0 when written, 1 when nothing matched (no file is written), 2 on bad arguments.
 */
public final class AuditExportCli {

  static final String USAGE = "usage: audit-export.sh CONVERSATION_ID FILE.avro [--bootstrap host:port]\n"
      + "       audit-export.sh --all FILE.avro [--bootstrap host:port]\n"
      + "       audit-export.sh [--all] --from DATE --to DATE FILE.avro [--bootstrap host:port]\n"
      + "DATE is an ISO date (whole UTC day; --to includes its day) or an instant, e.g. 2026-11-25T10:00:00Z";

  /** Reading a whole topic for a legal hold takes longer than one chain. */
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

  /** What to export: one chain, or every chain with a record whose occurredAt is in [from, to). */
  record Selection(String chainId, Instant from, Instant to) {

    boolean oneChain() {
      return chainId != null;
    }

    boolean includes(Instant occurredAt) {
      return !occurredAt.isBefore(from) && occurredAt.isBefore(to);
    }

    String describe() {
      if (oneChain()) {
        return "chain " + chainId;
      }
      return from.equals(Instant.MIN) && to.equals(Instant.MAX) ? "all chains"
          : "every chain with a record that occurred in [" + (from.equals(Instant.MIN) ? "-" : from) + ", "
              + (to.equals(Instant.MAX) ? "-" : to) + ")";
    }
  }

  /** Bad arguments, with what is wrong. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  private AuditExportCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command without System.exit: returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    Selection selection;
    Path file;
    try {
      String chainId = null;
      String from = null;
      String to = null;
      boolean all = false;
      List<String> positional = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--bootstrap" -> bootstrap = value(args, ++i, "--bootstrap");
          case "--all" -> all = true;
          case "--from" -> from = value(args, ++i, "--from");
          case "--to" -> to = value(args, ++i, "--to");
          default -> {
            if (args[i].startsWith("--")) {
              throw new UsageException("unknown option " + args[i]);
            }
            positional.add(args[i]);
          }
        }
      }
      boolean legalHold = all || from != null || to != null;
      if (positional.size() != (legalHold ? 1 : 2)) {
        throw new UsageException(legalHold ? "a legal hold takes FILE.avro only" : "CONVERSATION_ID and FILE.avro");
      }
      if (!legalHold) {
        chainId = positional.get(0);
      }
      file = Path.of(positional.get(positional.size() - 1));
      selection = new Selection(chainId, from == null ? Instant.MIN : instant(from, false),
          to == null ? Instant.MAX : instant(to, true));
      if (!selection.from().isBefore(selection.to())) {
        throw new UsageException("--from must be before --to");
      }
    } catch (UsageException e) {
      err.println("audit-export: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      return export(bootstrap, selection, file, out, err);
    } catch (IOException e) {
      err.println("audit-export: cannot write " + file + ": " + e.getMessage());
      return 2;
    }
  }

  /** Writes the selected chains to a temporary file beside {@code file}, then moves it into place. */
  static int export(String bootstrap, Selection selection, Path file, PrintStream out, PrintStream err)
      throws IOException {
    AuditLogReader reader = new AuditLogReader(
        KafkaClientSecurity.withEnvironment(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)),
        Topic.AUDIT_EVENTS.topicName(), READ_TIMEOUT);
    Set<String> chainIds = new TreeSet<>();
    if (selection.oneChain()) {
      chainIds.add(selection.chainId());
    } else {
      // Every record of the topic once, to find the chains; each chain is then read whole.
      reader.scanRecent(Long.MAX_VALUE, (chainId, record) -> {
        if (selection.includes(record.getOccurredAt())) {
          chainIds.add(chainId);
        }
      });
    }
    Path absolute = file.toAbsolutePath();
    Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".partial");
    int chains = 0;
    try (OutputStream stream = Files.newOutputStream(partial);
        AuditExportFile.Writer writer = new AuditExportFile.Writer(stream, Topic.AUDIT_EVENTS.topicName(),
            Topic.AUDIT_EVENTS.partitions(), selection.describe())) {
      for (String chainId : chainIds) {
        AuditLog chain = reader.read(chainId);
        if (chain.isEmpty()) {
          continue;
        }
        writer.append(chain);
        chains++;
        ChainVerification.Result result = chain.verify();
        out.println(chainId + ": " + chain.entries().size() + " records"
            + (chain.erasedSeqs().isEmpty() ? "" : ", erased seqs " + chain.erasedSeqs())
            + (result.verified() ? ", chain verified" : ", chain broken at seq " + result.firstBrokenSeq()));
      }
      if (chains > 0) {
        out.println("wrote " + writer.entries() + " entries of " + chains + " chains to " + file);
      }
    } catch (RuntimeException | IOException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    if (chains == 0) {
      Files.delete(partial);
      err.println("audit-export: no audit records for " + selection.describe() + " on " + bootstrap);
      return 1;
    }
    Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return 0;
  }

  private static String value(String[] args, int i, String option) throws UsageException {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  /** An instant, or an ISO date's start (or, for the end of a range, the next day's start) in UTC. */
  static Instant instant(String text, boolean end) throws UsageException {
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new UsageException("not an ISO date or instant: " + text);
    }
  }
}
