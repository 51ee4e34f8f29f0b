package io.loanofficer.infra.bench;

import io.loanofficer.infra.bench.ThroughputBenchmark.CaseResult;
import io.loanofficer.infra.bench.ThroughputBenchmark.Settings;
import io.loanofficer.reporting.svg.SvgPlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The throughput benchmark's section of docs/benchmarks.md (between two markers; the rest of the
 * file is left as it is) and its plots in docs/benchmarks/.
 */
final class ThroughputReport {

  static final String BEGIN = "<!-- bench-throughput:begin (written by infra/bench-throughput.sh) -->";
  static final String END = "<!-- bench-throughput:end -->";

  private final Settings settings;
  private final List<CaseResult> results;
  private final Map<String, Map<String, Double>> idle;
  private final List<JitWarmup.Outcome> warmups;
  private final List<JitWarmup.Outcome> caseSettling;
  private final Instant started;
  private final String loadBefore;
  private final String loadAfter;

  ThroughputReport(Settings settings, List<CaseResult> results, Map<String, Map<String, Double>> idle,
      List<JitWarmup.Outcome> warmups, List<JitWarmup.Outcome> caseSettling, Instant started,
      String loadBefore, String loadAfter) {
    this.settings = settings;
    this.results = List.copyOf(results);
    this.idle = new LinkedHashMap<>(idle);
    this.warmups = List.copyOf(warmups);
    this.caseSettling = List.copyOf(caseSettling);
    this.started = started;
    this.loadBefore = loadBefore;
    this.loadAfter = loadAfter;
  }

  /** Rewrites the section in docs/benchmarks.md (first section when it is not there yet) and the plots. */
  void write(Path docs) throws IOException {
    Path plots = Files.createDirectories(docs.resolve("benchmarks"));
    Files.writeString(plots.resolve("latency-cdf.svg"), latencyCdf());
    Files.writeString(plots.resolve("throughput.svg"), throughput());
    Files.writeString(plots.resolve("cpu-per-turn.svg"), cpuPerTurn());
    Path file = docs.resolve("benchmarks.md");
    String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
    String section = BEGIN + "\n" + markdown() + END;
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin >= 0 && end > begin) {
      text = text.substring(0, begin) + section + text.substring(end + END.length());
    } else {
      int afterTitle = text.indexOf('\n') + 1;
      text = text.substring(0, afterTitle) + "\n" + section + "\n" + text.substring(afterTitle);
    }
    Files.writeString(file, text);
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("## Throughput against the Kafka floor (`infra/bench-throughput.sh`)\n\n");
    md.append(String.format(Locale.ROOT, "Run %s UTC%s: warm-up %d s and %d s measured per case; %d cores, load "
            + "average (1/5/15 min) %s before, %s after (the machine is shared); Java %s. Service JVMs: `%s`; the "
            + "bare chain's JVM: `%s`, one transaction per %s.%n%n",
        started.truncatedTo(ChronoUnit.SECONDS).toString().replace("T", " ").replace("Z", ""),
        settings.quick() ? " (`--quick`)" : "", settings.warmup().toSeconds(), settings.measure().toSeconds(),
        Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, System.getProperty("java.version"),
        String.join(" ", settings.serviceJvm()), String.join(" ", settings.chainJvm()),
        switch (settings.chainTransactions()) {
          case "poll" -> "poll batch";
          case "record" -> "record";
          default -> "poll batch (the floor), then one per record";
        }));
    method(md);
    ratios(md);
    cpu(md);
    traffic(md);
    heap(md);
    return md.toString();
  }

  private void method(StringBuilder md) {
    md.append("### Method\n\n");
    md.append("- **One broker** for everything: a KRaft broker in a JVM of its own (`LocalKafkaBroker`, data in "
        + "`.bench/`, made afresh, random loopback ports), the catalogue's topics, one replica.\n");
    md.append("- **(a) Bare chain** (`BareChain`): four read-process-write stages, the shape of a turn (gateway → "
        + "orchestrator → worker → orchestrator → gateway), on topics of their own (`bench.chain.0`-`4`, 6 partitions). "
        + "Each stage is one consumer and one transactional producer with the services' settings (acks=all, "
        + "idempotence, linger.ms=0, read_committed, offsets in the transaction via `sendOffsetsToTransaction`) and "
        + "copies each " + BareChain.RECORD_BYTES + "-byte record to the next topic. The stages run in a JVM of their "
        + "own (`chain`); the driver sends hop 0 (idempotent, acks=all) and a turn ends when hop 4 arrives "
        + "(read_committed). The floor commits one transaction per poll batch (the textbook loop); the chain then "
        + "runs again with one transaction per record, as the services' listeners do, to show what batching is "
        + "worth (`BENCH_CHAIN_TRANSACTIONS=poll|record|both`).\n");
    md.append("- **(b) System**: one tool worker, one orchestrator (offline planner), one gateway from their exec "
        + "jars, sample data, closed-loop WebSocket chat (`ChatLoad`, 2 users, follow-up questions; no invalid "
        + "frames). Raised for the benchmark only, by environment: `GATEWAY_RATE_FRAMES=1000000`, "
        + "`GATEWAY_MAX_TURNS_IN_FLIGHT=1000` (as the fault runs do), and the metrics endpoint exposed on the gateway. "
        + "A turn ends at its final frame. The services run with production's JVM options (heap only, so C2 "
        + "compiles the hot path), not the run command's `-XX:TieredStopAtLevel=1`; `BENCH_JVM_OPTS` replaces them. "
        + "200 conversations are "
        + "compared with the bare chain at 50.\n");
    md.append("- **(c) Tool-bound**: `ToolCallRequested` records straight onto `tool.calls` (" + settings.tool()
        + " " + settings.toolArguments() + " as a credit analyst, the widest scan of the sample data), "
        + settings.toolInFlight() + " in flight, each waiting for its `ToolCallCompleted` on `tool.results`; the "
        + "gateway and the orchestrator are stopped, so only the workers and the broker work. "
        + (settings.toolDatabaseDelay().isZero()
            ? "The workers use their embedded databases (their own copies of the sample data), so the case is "
                + "bound by this machine's cores, which a second worker only shares. "
            : "The workers share one PostgreSQL with the sample data, reached through a link that delivers every "
                + "byte " + settings.toolDatabaseDelay().toMillis() + " ms later each way (`BENCH_TOOL_DB_DELAY_MS`; "
                + "0: each worker's embedded database), as production's workers wait on a SQL Server on another "
                + "host; each worker runs a poll's calls on its " + settings.workerToolThreads()
                + " tool threads (`WORKER_TOOL_THREADS`). ")
        + "Each worker joins cold and takes the load for the JIT warm-up before it is measured; then a second "
        + "worker joins the group and the case is measured again. Chosen over tool-heavy "
        + "chat because it isolates what a worker adds: the model and the orchestrator do not limit it.\n");
    md.append("- **JIT warm-up**: before the first case of each setup its load runs unmeasured (the chain at 50 "
        + "conversations, the system at 50, each tool worker as it joins) until the JIT has settled: at least "
        + settings.warmup().multipliedBy(3).toSeconds() + " s for the chain and " + settings.jitWarmup().toSeconds()
        + " s for the services (`BENCH_JIT_WARMUP_SECONDS`), then in steps of " + JitWarmup.STEP.toSeconds()
        + " s until the compiler threads (C1, C2) of each of its JVMs used less than "
        + String.format(Locale.ROOT, "%.0f", settings.jitSettledMsPerSecond()) + " ms of CPU per second "
        + "(`BENCH_JIT_SETTLED_MS`), for at most " + settings.jitWarmupMax().toSeconds()
        + " s (`BENCH_JIT_WARMUP_MAX_SECONDS`). A fixed 90 s was too short on this machine: C2 was still "
        + "compiling the services' hot paths in the window, and the CPU per turn measured then was twice the "
        + "settled one." + (warmups.isEmpty() ? "" : " This run: "
            + warmups.stream().map(JitWarmup.Outcome::describe).collect(Collectors.joining("; ")) + ".")
        + " Each case, after its own warm-up, waits the same way (steps of " + JitWarmup.STEP.toSeconds()
        + " s, at most " + ThroughputBenchmark.CASE_SETTLE_MAX.toSeconds() + " s more) before its window"
        + (caseSettling.isEmpty() ? "" : ": " + caseSettling.stream().map(JitWarmup.Outcome::describe)
            .collect(Collectors.joining("; ")))
        + ". The CPU table gives what the compilers still took in each window.\n");
    md.append("- **Per case**: the load starts; once its first turn has ended (a cold service's first answer is "
        + "slow on a crowded machine), the warm-up, then the window. Turns that end inside the window count; turns/s = turns ÷ "
        + "window; p50/p99 nearest rank. **CPU** per process = utime + stime from `/proc/<pid>/stat` at the window's "
        + "edges, ÷ turns (`driver` is this benchmark's JVM: the load generator, and nothing else, since the broker "
        + "and the chain have JVMs of their own). **Records per turn**: each partition's end offset at the window's "
        + "edges; the range is read read_committed after the load stops and its records counted; the rest of the "
        + "offset range are transaction markers (one per partition a transaction wrote to; aborted records would "
        + "count here too), so markers ÷ turn is the transactions per turn that wrote the topic. "
        + "`__consumer_offsets` and `__transaction_state` get their log entries only. **Peak heap**: "
        + "`/actuator/metrics/jvm.memory.used?tag=area:heap` every second in the window (garbage included).\n");
    md.append("- **Reading it on a shared machine**: turns/s and latency follow the CPU share the run gets from "
        + "whatever else runs (see the load average); CPU per turn and records and transactions per turn hardly "
        + "do, so those are the figures to compare between runs.\n\n");
  }

  private void ratios(StringBuilder md) {
    md.append("### Ratio to the bare chain\n\n");
    md.append("| case | conversations | turns/s | p50 ms | p99 ms | turns | not answered | turns/s ÷ bare | p50 ÷ bare |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (CaseResult r : results) {
      CaseResult bare = bareFor(r);
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %d | %d | %s | %s |%n", r.label(),
          r.conversations(), r.turnsPerSecond(), r.percentile(50), r.percentile(99), r.turns(), r.notAnswered(),
          bare == null ? "–" : String.format(Locale.ROOT, "%.3f", r.turnsPerSecond() / bare.turnsPerSecond()),
          bare == null ? "–" : String.format(Locale.ROOT, "%.1f×", r.percentile(50) / bare.percentile(50))));
    }
    List<CaseResult> tools = group("tools");
    if (tools.size() == 2) {
      md.append(String.format(Locale.ROOT, "%nTool-bound (a turn is one tool call): 2 workers give %.2f× the calls/s "
          + "of one (goal ≥ 1.8×).%n", tools.get(1).turnsPerSecond() / tools.get(0).turnsPerSecond()));
    }
    md.append("\n![latency CDF per case](benchmarks/latency-cdf.svg)\n\n![turns/s against conversations]"
        + "(benchmarks/throughput.svg)\n\n");
  }

  private void cpu(StringBuilder md) {
    List<String> processes = processes();
    md.append("### CPU per turn by process (ms)\n\n| case | ").append(String.join(" | ", processes))
        .append(" | broker + services | of which JIT compilers |\n|---|").append("---|".repeat(processes.size() + 2))
        .append("\n");
    for (CaseResult r : results) {
      Map<String, Double> perTurn = r.cpuMsPerTurn();
      md.append("| ").append(name(r)).append(" | ");
      double withoutDriver = 0;
      for (String process : processes) {
        Double ms = perTurn.get(process);
        md.append(ms == null ? "–" : String.format(Locale.ROOT, "%.2f", ms)).append(" | ");
        withoutDriver += ms == null || process.equals("driver") ? 0 : ms;
      }
      double compilers = 0;
      for (Map.Entry<String, Double> e : r.compilerCpuMsPerTurn().entrySet()) {
        compilers += e.getKey().equals("driver") || e.getValue().isNaN() ? 0 : e.getValue();
      }
      md.append(String.format(Locale.ROOT, "%.2f | %.2f |%n", withoutDriver, compilers));
    }
    md.append("\n![CPU per turn by process](benchmarks/cpu-per-turn.svg)\n\n");
    if (!idle.isEmpty()) {
      md.append("Idle: CPU ms per second with everything up and no load, after the JIT warm-up. A case's CPU per "
          + "turn includes this background share, divided by its turns: it weighs most at 1 conversation.\n\n| setup | ").append(String.join(" | ", processes))
          .append(" |\n|---|").append("---|".repeat(processes.size())).append("\n");
      idle.forEach((setup, perSecond) -> md.append("| ").append(setup).append(" | ").append(processes.stream()
          .map(p -> perSecond.containsKey(p) ? String.format(Locale.ROOT, "%.1f", perSecond.get(p)) : "–")
          .collect(Collectors.joining(" | "))).append(" |\n"));
      md.append("\n");
    }
  }

  private void traffic(StringBuilder md) {
    Set<String> topics = new TreeSet<>();
    results.forEach(r -> topics.addAll(r.traffic().keySet()));
    md.append("### Records and transactions per turn by topic\n\nEach cell: committed records ÷ turn, then "
        + "transaction markers ÷ turn (= transactions per turn that wrote the topic); internal topics: log "
        + "entries ÷ turn.\n\n| topic | ").append(results.stream().map(this::name).collect(Collectors.joining(" | ")))
        .append(" |\n|---|").append("---|".repeat(results.size())).append("\n");
    for (String topic : topics) {
      md.append("| ").append(topic).append(" | ")
          .append(results.stream().map(r -> cell(r.traffic().get(topic), r.turns())).collect(Collectors.joining(" | ")))
          .append(" |\n");
    }
    List<String> totals = new ArrayList<>();
    for (CaseResult r : results) {
      long records = 0;
      long markers = 0;
      for (Map.Entry<String, TopicTraffic.Count> entry : r.traffic().entrySet()) {
        if (entry.getValue().records() >= 0) {
          records += entry.getValue().records();
          markers += entry.getValue().markers();
        }
      }
      totals.add(cell(new TopicTraffic.Count(records, records + markers), r.turns()));
    }
    md.append("| **all data topics** | ").append(String.join(" | ", totals)).append(" |\n\n");
  }

  private static String cell(TopicTraffic.Count count, long turns) {
    if (count == null || turns == 0) {
      return "–";
    }
    if (count.records() < 0) {
      return String.format(Locale.ROOT, "%.2f entries", count.entries() / (double) turns);
    }
    return String.format(Locale.ROOT, "%.2f / %.2f", count.records() / (double) turns, count.markers() / (double) turns);
  }

  private void heap(StringBuilder md) {
    List<CaseResult> withHeap = results.stream().filter(r -> !r.heapPeakBytes().isEmpty()).toList();
    Set<String> services = new TreeSet<>();
    withHeap.forEach(r -> services.addAll(r.heapPeakBytes().keySet()));
    md.append("### Peak heap by service (MB)\n\n| service | ")
        .append(withHeap.stream().map(this::name).collect(Collectors.joining(" | "))).append(" |\n|---|")
        .append("---|".repeat(withHeap.size())).append("\n");
    for (String service : services) {
      md.append("| ").append(service).append(" | ").append(withHeap.stream().map(r -> {
        Long bytes = r.heapPeakBytes().get(service);
        return bytes == null ? "–" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
      }).collect(Collectors.joining(" | "))).append(" |\n");
    }
    md.append("\n");
  }

  String latencyCdf() {
    List<SvgPlot.Series> series = new ArrayList<>();
    for (CaseResult r : results) {
      series.add(new SvgPlot.Series(name(r), List.of(new Percentiles(r.latenciesMs()).cdf(200))));
    }
    return SvgPlot.lines("Latency CDF per case", "latency, ms (log)", "fraction of turns at or below", true, series);
  }

  String throughput() {
    List<SvgPlot.Series> series = new ArrayList<>();
    for (String group : List.of("system", "bare", "bare-record")) {
      if (!group(group).isEmpty()) {
        series.add(new SvgPlot.Series(group.equals("bare-record") ? "bare, tx per record" : group(group).get(0).label(),
            group(group).stream().map(r -> new double[] {r.conversations(), r.turnsPerSecond()}).toList()));
      }
    }
    return SvgPlot.lines("Turns/s against conversations", "conversations (log)", "turns/s", true, series);
  }

  String cpuPerTurn() {
    Map<String, double[]> stacks = new LinkedHashMap<>();
    for (String process : processes()) {
      double[] values = new double[results.size()];
      for (int i = 0; i < results.size(); i++) {
        double ms = results.get(i).cpuMsPerTurn().getOrDefault(process, 0.0);
        values[i] = Double.isNaN(ms) ? 0 : ms; // a case without turns has no bar
      }
      stacks.put(process, values);
    }
    return SvgPlot.stackedBars("CPU ms per turn by process", "CPU ms per turn",
        results.stream().map(r -> name(r).replace("system ", "sys ")).toList(), stacks);
  }

  /** The bare chain case a case is compared with: the same conversations, 200 with 50; none for tool calls. */
  private CaseResult bareFor(CaseResult r) {
    if (r.group().equals("tools")) {
      return null;
    }
    int conversations = Math.min(r.conversations(), 50);
    return group("bare").stream().filter(b -> b.conversations() == conversations).findFirst().orElse(null);
  }

  private List<CaseResult> group(String group) {
    return results.stream().filter(r -> r.group().equals(group)).toList();
  }

  private List<String> processes() {
    Set<String> names = new LinkedHashSet<>();
    results.forEach(r -> names.addAll(r.cpuSeconds().keySet()));
    List<String> ordered = new ArrayList<>(names);
    ordered.remove("driver");
    ordered.add("driver");
    return ordered;
  }

  /** A short name for tables and plots: "system 50", "bare/rec 1", "tools 2w". */
  private String name(CaseResult r) {
    return switch (r.group()) {
      case "tools" -> "tools " + r.label().charAt(0) + "w";
      case "bare-record" -> "bare/rec " + r.conversations();
      default -> r.group() + " " + r.conversations();
    };
  }

  static String oneDecimal(Map<String, Double> values) {
    return values.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
