package io.loanofficer.infra.audit;

import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.reporting.compliance.PeriodReport;
import io.loanofficer.reporting.compliance.ReportHtml;
import io.loanofficer.reporting.compliance.ReportPeriod;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The compliance period report on the command line (infra/compliance-report.sh): reads every chain of
 * audit.events and writes OUT.html (self-contained, inline SVG charts) and OUT.json beside it (every
 * figure). The same records give the same bytes.
 *
 * <pre>
 * compliance-report.sh --from YYYY-MM-DD --to YYYY-MM-DD OUT.html [--bootstrap host:port]
 * </pre>
 *
 * Exit status 0 when written (a period without activity too: the report says so), 1 when the topic
 * cannot be read, 2 on bad arguments or when the files cannot be written.
 */
public final class ComplianceReportCli {

  static final String USAGE = "usage: compliance-report.sh --from YYYY-MM-DD --to YYYY-MM-DD OUT.html "
      + "[--bootstrap host:port]\n(whole UTC days, --to included; OUT.json is written beside OUT.html)";

  /** Reading the whole topic takes longer than one chain. */
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private ComplianceReportCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command without System.exit: returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    String from = null;
    String to = null;
    List<String> positional = new ArrayList<>();
    ReportPeriod period;
    Path html;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--bootstrap" -> bootstrap = value(args, ++i, "--bootstrap");
          case "--from" -> from = value(args, ++i, "--from");
          case "--to" -> to = value(args, ++i, "--to");
          default -> {
            if (args[i].startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            positional.add(args[i]);
          }
        }
      }
      if (positional.size() != 1) {
        throw new IllegalArgumentException("one output file OUT.html");
      }
      period = ReportPeriod.parse(from, to);
      html = Path.of(positional.get(0)).toAbsolutePath();
    } catch (IllegalArgumentException e) {
      err.println("compliance-report: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    long started = System.nanoTime();
    PeriodReport report;
    try {
      report = report(bootstrap, period);
    } catch (RuntimeException e) {
      err.println("compliance-report: cannot read " + Topic.AUDIT_EVENTS.topicName() + " on " + bootstrap + ": "
          + e.getMessage());
      return 1;
    }
    Path json = jsonBeside(html);
    try {
      write(html, ReportHtml.render(report));
      write(json, report.toJson());
    } catch (IOException e) {
      err.println("compliance-report: cannot write " + html + " or " + json + ": " + e.getMessage());
      return 2;
    }
    out.printf("%s: %d turns, %d records in the period (%d chains, %d records read) in %d ms%n", html,
        report.activity().turns(), report.source().recordsInPeriod(), report.source().chainsRead(),
        report.source().recordsRead(), (System.nanoTime() - started) / 1_000_000);
    if (report.noActivity()) {
      out.println("no activity in " + period.from() + " .. " + period.to());
    }
    out.println("wrote " + html + " and " + json);
    return 0;
  }

  /** The report over every chain of audit.events, read partition by partition. */
  static PeriodReport report(String bootstrap, ReportPeriod period) {
    reachable(bootstrap);
    AuditLogReader reader = new AuditLogReader(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        Topic.AUDIT_EVENTS.topicName(), READ_TIMEOUT);
    PeriodReport.Builder builder = new PeriodReport.Builder(period);
    reader.readAll(builder::add);
    return builder.build();
  }

  /**
   * Fails within {@link #CONNECT_TIMEOUT} when the cluster cannot be reached or has no audit topic,
   * instead of waiting out the long read timeout.
   */
  private static void reachable(String bootstrap) {
    try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
      List<PartitionInfo> partitions = probe.partitionsFor(Topic.AUDIT_EVENTS.topicName(), CONNECT_TIMEOUT);
      if (partitions == null || partitions.isEmpty()) {
        throw new IllegalStateException("no topic " + Topic.AUDIT_EVENTS.topicName());
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException("no answer in " + CONNECT_TIMEOUT.toSeconds() + " s", e);
    }
  }

  /** OUT.json beside OUT.html (NAME.json beside a NAME that does not end in .html). */
  static Path jsonBeside(Path html) {
    String name = html.getFileName().toString();
    String base = name.endsWith(".html") ? name.substring(0, name.length() - ".html".length()) : name;
    return html.resolveSibling(base + ".json");
  }

  /** Through a temporary file beside the target, so that a reader never sees half a report. */
  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
    try {
      Files.writeString(partial, content, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
