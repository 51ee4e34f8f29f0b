package io.loanofficer.infra.bench;

import io.loanofficer.chatclient.DevTokens;
import io.loanofficer.events.topics.TopicProvisioner;
import io.loanofficer.infra.LocalKafkaBroker;
import io.loanofficer.infra.LocalPostgres;
import io.loanofficer.infra.LocalRuns;
import io.loanofficer.infra.LocalStack;
import io.loanofficer.infra.LocalZipkin;
import io.loanofficer.infra.torture.ChatLoad;
import io.loanofficer.infra.torture.ChatLoad.TurnResult;
import io.loanofficer.infra.torture.ServiceProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * infra/bench-throughput.sh: in one run, on one broker (a JVM of its own), (a) the bare 4-hop
 * transactional chain at 1 and 50 conversations, (b) the whole system (one gateway, orchestrator and
 * tool worker from their jars, offline planner, sample data) under closed-loop WebSocket load at 1,
 * 50 and 200 conversations, (c) tool calls straight onto tool.calls with 1, then 2 tool workers. Each
 * case warms up, then measures: turns/s, latency, CPU per turn of each process, records and
 * transactions per turn by topic, peak heap. Prints the tables and rewrites its section of
 * docs/benchmarks.md and the plots in docs/benchmarks/.
 */
public final class ThroughputBenchmark {

  /**
   * The services' JVM options here: production's (compose and k8s set only the heap), not the run
   * command's, whose {@code -XX:TieredStopAtLevel=1} starts a laptop's stack sooner but never compiles
   * with C2 (at 50 conversations the services spent 1.34x the CPU per turn with it: docs/benchmarks.md).
   */
  static final List<String> PRODUCTION_JVM_OPTIONS = List.of("-Xms128m", "-Xmx512m");

  /** What the run measures and how long; from the command line and the environment. */
  record Settings(boolean quick, Duration warmup, Duration jitWarmup, Duration jitWarmupMax, double jitSettledMsPerSecond,
      Duration measure, List<String> serviceJvm,
      List<String> chainJvm,
      String chainTransactions, String tool, String toolArguments, int toolInFlight, Duration toolDatabaseDelay,
      int workerToolThreads,
      List<String> cases, List<Integer> systemConversations, boolean zipkin) {

    static final List<String> ALL_CASES = List.of("bare", "system", "tools");

    /** Only a run of every case with the usual loads rewrites docs/benchmarks.md; a partial one prints only. */
    boolean complete() {
      return cases.equals(ALL_CASES) && systemConversations.equals(List.of(1, 50, 200));
    }

    static Settings from(List<String> args, Map<String, String> env) {
      boolean quick = args.contains("--quick");
      long warmup = Long.parseLong(env.getOrDefault("BENCH_WARMUP_SECONDS", quick ? "5" : "10"));
      long measure = Long.parseLong(env.getOrDefault("BENCH_MEASURE_SECONDS", quick ? "10" : "30"));
      // the services run as in production, with C2: its compilations take minutes of load to settle here, so
      // the warm-up lasts at least this long and then until the compilers settle (JitWarmup)
      long jitWarmup = Long.parseLong(env.getOrDefault("BENCH_JIT_WARMUP_SECONDS", quick ? "45" : "90"));
      long jitWarmupMax = Long.parseLong(env.getOrDefault("BENCH_JIT_WARMUP_MAX_SECONDS", quick ? "120" : "480"));
      double jitSettled = Double.parseDouble(env.getOrDefault("BENCH_JIT_SETTLED_MS", "20"));
      if (warmup < 0 || warmup > 600 || measure < 1 || measure > 600 || jitWarmup < 0 || jitWarmup > 900
          || jitWarmupMax < 0 || jitWarmupMax > 1800 || !(jitSettled > 0)) {
        throw new IllegalArgumentException("BENCH_WARMUP_SECONDS 0-600, BENCH_MEASURE_SECONDS 1-600, "
            + "BENCH_JIT_WARMUP_SECONDS 0-900, BENCH_JIT_WARMUP_MAX_SECONDS 0-1800, BENCH_JIT_SETTLED_MS above 0");
      }
      String chainTransactions = env.getOrDefault("BENCH_CHAIN_TRANSACTIONS", "both");
      if (!List.of("poll", "record", "both").contains(chainTransactions)) {
        throw new IllegalArgumentException("BENCH_CHAIN_TRANSACTIONS is poll, record or both");
      }
      List<String> cases = List.of(env.getOrDefault("BENCH_CASES", String.join(",", ALL_CASES)).split(","));
      if (!ALL_CASES.containsAll(cases)) {
        throw new IllegalArgumentException("BENCH_CASES is a comma list of bare, system, tools");
      }
      long toolDatabaseDelay = Long.parseLong(env.getOrDefault("BENCH_TOOL_DB_DELAY_MS", "10"));
      if (toolDatabaseDelay < 0 || toolDatabaseDelay > 1000) {
        throw new IllegalArgumentException("BENCH_TOOL_DB_DELAY_MS 0-1000");
      }
      List<Integer> systemConversations = java.util.Arrays.stream(
          env.getOrDefault("BENCH_SYSTEM_CONVERSATIONS", "1,50,200").split(",")).map(Integer::parseInt).toList();
      return new Settings(quick, Duration.ofSeconds(warmup), Duration.ofSeconds(jitWarmup),
          Duration.ofSeconds(jitWarmupMax), jitSettled, Duration.ofSeconds(measure),
          options(env.get("BENCH_JVM_OPTS"), PRODUCTION_JVM_OPTIONS),
          options(env.get("BENCH_CHAIN_JVM_OPTS"), PRODUCTION_JVM_OPTIONS), chainTransactions,
          env.getOrDefault("BENCH_TOOL", "getHighRiskFarmers"), env.getOrDefault("BENCH_TOOL_ARGS", "{}"),
          Integer.parseInt(env.getOrDefault("BENCH_TOOL_IN_FLIGHT", "128")),
          Duration.ofMillis(toolDatabaseDelay),
          // what the workers, started from this environment, run a poll's calls on (tool-worker.yml's default)
          Integer.parseInt(env.getOrDefault("WORKER_TOOL_THREADS", "8")),
          ALL_CASES.stream().filter(cases::contains).toList(), systemConversations,
          "zipkin".equals(env.get("TRACING_EXPORT")));
    }

    private static List<String> options(String value, List<String> otherwise) {
      return value == null || value.isBlank() ? otherwise : List.of(value.trim().split("\\s+"));
    }
  }

  /** A process whose CPU is counted. */
  record Proc(String name, long pid) {}

  /** One measured window. A "turn" is a chat turn, a hop-0-to-hop-4 trip, or a tool call (group tools). */
  record CaseResult(String group, String label, int conversations, double seconds, double[] latenciesMs,
      long notAnswered, Map<String, Double> cpuSeconds, Map<String, Double> compilerCpuSeconds,
      Map<String, TopicTraffic.Count> traffic, Map<String, Long> heapPeakBytes) {

    long turns() {
      return latenciesMs.length;
    }

    double turnsPerSecond() {
      return turns() / seconds;
    }

    double percentile(double p) {
      return new Percentiles(latenciesMs).value(p);
    }

    /** CPU milliseconds per turn of each process. */
    Map<String, Double> cpuMsPerTurn() {
      return perTurn(cpuSeconds);
    }

    /** Of that, the JIT compiler threads': a settled warm-up leaves little of it in the window. */
    Map<String, Double> compilerCpuMsPerTurn() {
      return perTurn(compilerCpuSeconds);
    }

    private Map<String, Double> perTurn(Map<String, Double> seconds) {
      Map<String, Double> perTurn = new LinkedHashMap<>();
      seconds.forEach((name, s) -> perTurn.put(name, turns() == 0 ? Double.NaN : s * 1000 / turns()));
      return perTurn;
    }
  }

  /** A running load: stopped after the window, then asked for its turns. */
  private interface Load {
    void stop() throws Exception;

    List<TurnResult> turns();
  }

  private final Path root;
  private final Path work;
  private final Settings settings;
  private final List<CaseResult> results = new ArrayList<>();
  /** CPU ms per second of each process with everything up and no load, by setup. */
  private final Map<String, Map<String, Double>> idle = new LinkedHashMap<>();
  /** How long each JIT warm-up took and whether it settled, in the order they ran. */
  private final List<JitWarmup.Outcome> warmups = new ArrayList<>();
  /** The same for each case after its own warm-up, before its window. */
  private final List<JitWarmup.Outcome> caseSettling = new ArrayList<>();
  /** A case waits at most this long, after its warm-up, for the compilers to settle. */
  static final Duration CASE_SETTLE_MAX = Duration.ofSeconds(90);
  /** The tool worker of (b) is the first of (c); every one is stopped at the end. */
  private final List<ServiceProcess> toolWorkers = new ArrayList<>();
  /** Every service started, for the shutdown hook (Ctrl-C). */
  private final List<ServiceProcess> started = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Process chain;
  private LocalKafkaBroker broker;
  /** With TRACING_EXPORT=zipkin: the services' trace backend, whose CPU counts in the system case. */
  private LocalZipkin zipkin;

  private ThroughputBenchmark(Path root, Settings settings) {
    this.root = root;
    this.work = root.resolve(".bench");
    this.settings = settings;
  }

  public static void main(String[] args) throws Exception {
    Settings settings;
    try {
      settings = Settings.from(List.of(args), System.getenv());
    } catch (RuntimeException e) {
      System.err.println("bench-throughput: " + e.getMessage());
      System.err.println("usage: infra/bench-throughput.sh [--quick]");
      System.exit(2);
      return;
    }
    Path root = Path.of("").toAbsolutePath();
    String missing = missingJar(root);
    if (missing != null) {
      System.err.println("bench-throughput: " + missing + " is missing; build first (mvn -DskipTests package)");
      System.exit(2);
    }
    ThroughputBenchmark benchmark = new ThroughputBenchmark(root, settings);
    Runtime.getRuntime().addShutdownHook(new Thread(benchmark::stopAll, "bench-stop"));
    benchmark.run();
    System.exit(0);
  }

  private void run() throws Exception {
    String loadBefore = loadAverage();
    Instant started = Instant.now();
    LocalRuns.freshDirectory(work);
    Files.createDirectories(work.resolve("logs"));
    broker = new LocalKafkaBroker(work.resolve("kafka"), LocalRuns.freePort(), LocalRuns.freePort(), work.resolve("logs/kafka.log"));
    broker.start();
    if (settings.zipkin()) {
      zipkin = new LocalZipkin(root.resolve(LocalZipkin.JAR), LocalRuns.freePort(), work.resolve("logs/zipkin.log"));
      zipkin.start();
      zipkin.awaitReady(Duration.ofMinutes(2));
    }
    try {
      try (Admin admin = broker.admin()) {
        TopicProvisioner.ensureTopics(admin, (short) 1);
        BareChain.createTopics(admin);
      }
      if (settings.cases().contains("bare")) {
        bare();
      }
      if (settings.cases().contains("system")) {
        system();
      }
      if (settings.cases().contains("tools")) {
        tools();
      }
    } finally {
      stopToolWorkers();
      if (zipkin != null) {
        zipkin.stop();
      }
      broker.stop();
    }
    ThroughputReport report = new ThroughputReport(settings, results, idle, warmups, caseSettling, started, loadBefore,
        loadAverage());
    System.out.println(report.markdown());
    if (settings.complete()) {
      report.write(root.resolve("docs"));
      System.out.println("wrote docs/benchmarks.md and docs/benchmarks/*.svg; logs in .bench/logs");
    } else {
      System.out.println("a partial run (BENCH_CASES, BENCH_SYSTEM_CONVERSATIONS): docs/benchmarks.md left as it is; logs in .bench/logs");
    }
  }

  /** Stops whatever still runs: services, the chain JVM, the broker (it runs in a session of its own). */
  private void stopAll() {
    try {
      for (ServiceProcess service : started) {
        service.stop();
      }
      Process current = chain;
      if (current != null) {
        current.destroy();
      }
      if (broker != null) {
        broker.stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * (a) The four hops in a JVM of their own, the driver in this one. The first mode is the floor the
   * system is compared with; with "both" the chain runs again with a transaction per record.
   */
  private void bare() throws Exception {
    List<String> modes = settings.chainTransactions().equals("both") ? List.of("poll", "record")
        : List.of(settings.chainTransactions());
    for (String mode : modes) {
      boolean floor = mode.equals(modes.get(0));
      String label = mode.equals("poll") ? "bare chain" : "bare chain, a transaction per record";
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(settings.chainJvm());
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareChain.class.getName(),
          broker.bootstrapServers(), mode));
      Process chain = new ProcessBuilder(command).redirectErrorStream(true).start();
      this.chain = chain;
      try (BareChain.Driver driver = new BareChain.Driver(broker.bootstrapServers())) {
        awaitLine(chain, "ready", Duration.ofSeconds(150), work.resolve("logs/chain-" + mode + ".log"));
        List<Proc> procs = List.of(new Proc("broker", broker.pid()), new Proc("chain", chain.pid()), driverProc());
        if (floor) {
          // a fresh broker's JIT compiles its hot paths for the first minute and more (C2 alone took 25 s of
          // CPU in a first run): load it, unmeasured, before the first case, which would carry it otherwise
          ClosedLoop warm = driver.start("broker-warmup", 50);
          warmups.add(jitWarmup(settings.warmup().multipliedBy(3)).await("bare chain, 50 conversations",
              procs.subList(0, 2)));
          closedLoop(warm).stop();
          idle.put("bare chain up", idleCpu(procs));
        }
        for (int conversations : List.of(1, 50)) {
          String run = mode + conversations;
          results.add(measure(floor ? "bare" : "bare-record", label, conversations,
              () -> closedLoop(driver.start(run, conversations)), procs, Map.of()));
        }
      } finally {
        chain.destroy();
        if (!chain.waitFor(30, TimeUnit.SECONDS)) {
          chain.destroyForcibly();
        }
      }
    }
  }

  /** (b) One of each service, closed-loop chat over WebSocket. */
  private void system() throws Exception {
    ServiceProcess worker = service("tool-worker", "tool-workers", Map.of("WORKER_ID", "bench-worker-1"));
    ServiceProcess orchestrator = service("orchestrator", "agent-orchestrator", Map.of());
    // the per-user limits are raised for the benchmark only: two users carry all the load (as in the fault runs)
    ServiceProcess gateway = service("gateway", "gateway", Map.of("GATEWAY_INSTANCE_ID", "bench-1",
        "GATEWAY_RATE_FRAMES", "1000000", "GATEWAY_MAX_TURNS_IN_FLIGHT", "1000"));
    List<ServiceProcess> all = List.of(worker, orchestrator, gateway);
    toolWorkers.add(worker);
    try {
      for (ServiceProcess service : all) {
        service.start();
      }
      for (ServiceProcess service : all) {
        service.awaitReady(Duration.ofMinutes(4));
      }
      List<Proc> procs = new ArrayList<>(List.of(new Proc("broker", broker.pid()), new Proc("gateway", gateway.pid()),
          new Proc("orchestrator", orchestrator.pid()), new Proc("tool-worker-1", worker.pid()), driverProc()));
      if (zipkin != null) {
        procs.add(new Proc("zipkin", zipkin.pid()));
      }
      String token = DevTokens.fetch(URI.create("http://127.0.0.1:" + gateway.port()), "bench-metrics", "CREDIT_ANALYST");
      Map<String, HeapPeaks.Target> heapOf = Map.of("gateway", new HeapPeaks.Target(gateway.port(), token),
          "orchestrator", new HeapPeaks.Target(orchestrator.port(), null),
          "tool-worker-1", new HeapPeaks.Target(worker.port(), null));
      // as the broker before the chain: the services' JIT at work is not measured
      ChatLoad warm = new ChatLoad(List.of(gateway.port()), 50, Duration.ofSeconds(60), false);
      warm.start();
      warmups.add(jitWarmup(settings.jitWarmup()).await("system, 50 conversations", procs.subList(0, 4)));
      warm.stop(Duration.ofSeconds(65));
      idle.put("system up", idleCpu(procs));
      for (int conversations : settings.systemConversations()) {
        results.add(measure("system", "system", conversations, () -> {
          ChatLoad load = new ChatLoad(List.of(gateway.port()), conversations, Duration.ofSeconds(60), false);
          load.start();
          return new Load() {
            @Override
            public void stop() throws Exception {
              load.stop(Duration.ofSeconds(65));
            }

            @Override
            public List<TurnResult> turns() {
              return load.results();
            }
          };
        }, procs, heapOf));
      }
    } finally {
      // the tool cases need only the workers: the gateway and the orchestrator stop here
      gateway.stop();
      orchestrator.stop();
    }
  }

  /**
   * (c) Tool calls straight onto tool.calls, one worker, then two. With a database delay (the
   * default), the workers share a PostgreSQL reached through a {@link DelayedLink}, as production's
   * workers share a SQL Server on another host: their calls wait on the database, not on this machine's
   * two cores, which a second worker could only share. Without one, (b)'s worker and its embedded
   * database serve the first case.
   */
  private void tools() throws Exception {
    boolean remote = !settings.toolDatabaseDelay().isZero();
    LocalPostgres postgres = null;
    DelayedLink link = null;
    try (ToolCallLoad load = new ToolCallLoad(broker.bootstrapServers(), settings.tool(), settings.toolArguments())) {
      if (remote) {
        stopToolWorkers();
        postgres = LocalPostgres.start(work.resolve("pg"), LocalRuns.freePort(), work.resolve("logs/postgres.log"));
        link = new DelayedLink(new InetSocketAddress("127.0.0.1", postgres.port()), settings.toolDatabaseDelay());
        System.out.printf("tool workers' database: PostgreSQL %d ms away each way%n",
            settings.toolDatabaseDelay().toMillis());
      }
      for (int workers = 1; workers <= 2; workers++) {
        if (toolWorkers.size() < workers) {
          Map<String, String> env = new HashMap<>(Map.of("WORKER_ID", "bench-worker-" + workers));
          if (remote) {
            env.putAll(LocalPostgres.toolWorkerEnvironment(link.port()));
          }
          ServiceProcess worker = service("tool-worker-" + workers, "tool-workers", env,
              remote ? LocalPostgres.TOOL_WORKER_PROFILES : "local");
          toolWorkers.add(worker);
          worker.start();
          worker.awaitReady(Duration.ofMinutes(4));
          // a worker that joins cold would be measured with its C2 compiler at work
          ClosedLoop warm = load.start("tools-jit-warmup", settings.toolInFlight());
          warmups.add(jitWarmup(settings.jitWarmup()).await(workers + " tool worker" + (workers == 1 ? "" : "s"),
              List.of(new Proc("broker", broker.pid()), new Proc("tool-worker-" + workers, worker.pid()))));
          closedLoop(warm).stop();
        }
        List<Proc> procs = new ArrayList<>(List.of(new Proc("broker", broker.pid())));
        Map<String, HeapPeaks.Target> heapOf = new HashMap<>();
        for (int i = 0; i < toolWorkers.size(); i++) {
          procs.add(new Proc("tool-worker-" + (i + 1), toolWorkers.get(i).pid()));
          heapOf.put("tool-worker-" + (i + 1), new HeapPeaks.Target(toolWorkers.get(i).port(), null));
        }
        procs.add(driverProc());
        int count = workers;
        results.add(measure("tools", count + " tool worker" + (count == 1 ? "" : "s"), settings.toolInFlight(),
            () -> closedLoop(load.start("tools" + count, settings.toolInFlight())), procs, heapOf));
      }
    } finally {
      stopToolWorkers();
      if (link != null) {
        link.close();
      }
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private void stopToolWorkers() throws InterruptedException {
    for (ServiceProcess worker : toolWorkers) {
      worker.stop();
    }
    toolWorkers.clear();
  }

  private interface Starter {
    Load start() throws Exception;
  }

  /** Warm-up, then the measured window: CPU, end offsets and heap at its edges; then the load stops. */
  private CaseResult measure(String group, String label, int conversations, Starter starter, List<Proc> procs,
      Map<String, HeapPeaks.Target> heapOf) throws Exception {
    String loadName = group.equals("tools") ? conversations + " calls in flight"
        : conversations + (conversations == 1 ? " conversation" : " conversations");
    System.out.printf("%s, %s: warm-up %d s, measuring %d s%n", label, loadName,
        settings.warmup().toSeconds(), settings.measure().toSeconds());
    long started = System.nanoTime();
    Load load = starter.start();
    Map<TopicPartition, Long> offsetsBefore;
    Map<TopicPartition, Long> offsetsAfter;
    Map<String, Double> cpuBefore;
    Map<String, Double> cpuAfter;
    Map<String, Double> compilerBefore;
    Map<String, Double> compilerAfter;
    Map<String, Long> heap;
    long from;
    long to;
    try (Admin admin = broker.admin()) {
      // a cold service may take long for its first answer on a crowded machine: the warm-up starts after it
      long firstDeadline = started + TimeUnit.SECONDS.toNanos(180);
      while (load.turns().isEmpty() && System.nanoTime() < firstDeadline) {
        Thread.sleep(100);
      }
      System.out.printf("  first turn ended after %.1f s%n", (System.nanoTime() - started) / 1e9);
      Thread.sleep(settings.warmup().toMillis());
      // a new load shape (1 conversation after 50, a second worker) has the compilers at work again for a while
      JitWarmup.Outcome settled = new JitWarmup(JitWarmup.STEP, CASE_SETTLE_MAX, settings.jitSettledMsPerSecond())
          .await(label + ", " + loadName, procs.stream().filter(p -> !p.name().equals("driver")).toList());
      caseSettling.add(settled);
      HeapPeaks peaks = new HeapPeaks(heapOf);
      offsetsBefore = TopicTraffic.endOffsets(admin);
      cpuBefore = readings(procs, ProcStat::cpuSeconds);
      compilerBefore = readings(procs, ProcStat::compilerCpuSeconds);
      from = System.nanoTime();
      Thread.sleep(settings.measure().toMillis());
      to = System.nanoTime();
      cpuAfter = readings(procs, ProcStat::cpuSeconds);
      compilerAfter = readings(procs, ProcStat::compilerCpuSeconds);
      offsetsAfter = TopicTraffic.endOffsets(admin);
      heap = peaks.peaks();
    } finally {
      load.stop();
    }
    List<Double> latencies = new ArrayList<>();
    long notAnswered = 0;
    for (TurnResult turn : load.turns()) {
      if (turn.endedNanos() < from || turn.endedNanos() > to) {
        continue;
      }
      if (turn.outcome().equals("answer")) {
        latencies.add(turn.latencyMillis());
      } else {
        notAnswered++;
      }
    }
    Map<String, Double> cpuSeconds = new LinkedHashMap<>();
    Map<String, Double> compilerSeconds = new LinkedHashMap<>();
    for (Proc proc : procs) {
      cpuSeconds.put(proc.name(), cpuAfter.get(proc.name()) - cpuBefore.get(proc.name()));
      compilerSeconds.put(proc.name(), compilerAfter.get(proc.name()) - compilerBefore.get(proc.name()));
    }
    CaseResult result = new CaseResult(group, label, conversations, (to - from) / 1e9,
        latencies.stream().mapToDouble(Double::doubleValue).toArray(), notAnswered, cpuSeconds, compilerSeconds,
        TopicTraffic.between(broker.bootstrapServers(), offsetsBefore, offsetsAfter, Duration.ofSeconds(60)), heap);
    System.out.printf("  %.1f turns/s, p50 %.1f ms, p99 %.1f ms, %d turns, %d not answered, CPU ms/turn %s; of it "
            + "the JIT compilers' %s%n", result.turnsPerSecond(), result.percentile(50), result.percentile(99),
        result.turns(), notAnswered, ThroughputReport.oneDecimal(result.cpuMsPerTurn()),
        ThroughputReport.oneDecimal(result.compilerCpuMsPerTurn()));
    return result;
  }

  /** CPU ms per second of each process over a warm-up's length, no load, after the JIT warm-up: what being up costs. */
  private Map<String, Double> idleCpu(List<Proc> procs) throws InterruptedException {
    Duration window = settings.warmup().compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : settings.warmup();
    System.out.printf("idle: %d s without load%n", window.toSeconds());
    Map<String, Double> perSecond = cpuMsPerSecond(procs, window, ProcStat::cpuSeconds);
    System.out.println("  CPU ms/s " + ThroughputReport.oneDecimal(perSecond));
    return perSecond;
  }

  /** CPU ms per second of each process over a window, from a reading of its CPU seconds so far (all threads, or some). */
  static Map<String, Double> cpuMsPerSecond(List<Proc> procs, Duration window, ToDoubleFunction<Long> cpuSeconds)
      throws InterruptedException {
    Map<String, Double> before = readings(procs, cpuSeconds);
    long from = System.nanoTime();
    Thread.sleep(window.toMillis());
    double seconds = (System.nanoTime() - from) / 1e9;
    Map<String, Double> perSecond = new LinkedHashMap<>();
    for (Proc proc : procs) {
      perSecond.put(proc.name(), (cpuSeconds.applyAsDouble(proc.pid()) - before.get(proc.name())) * 1000 / seconds);
    }
    return perSecond;
  }

  private JitWarmup jitWarmup(Duration minimum) {
    return new JitWarmup(minimum, settings.jitWarmupMax(), settings.jitSettledMsPerSecond());
  }

  private static Load closedLoop(ClosedLoop loop) {
    return new Load() {
      @Override
      public void stop() throws InterruptedException {
        loop.stop();
        Thread.sleep(2000); // replies in flight arrive; they end after the window and are not counted
      }

      @Override
      public List<TurnResult> turns() {
        return loop.turns();
      }
    };
  }

  /** One reading of each process by its pid (CPU seconds so far: all threads, or the compilers'), by name. */
  private static Map<String, Double> readings(List<Proc> procs, ToDoubleFunction<Long> reading) {
    Map<String, Double> values = new HashMap<>();
    for (Proc proc : procs) {
      values.put(proc.name(), reading.applyAsDouble(proc.pid()));
    }
    return values;
  }

  private static Proc driverProc() {
    return new Proc("driver", ProcessHandle.current().pid());
  }

  private ServiceProcess service(String name, String module, Map<String, String> extra) throws IOException {
    return service(name, module, extra, "local");
  }

  private ServiceProcess service(String name, String module, Map<String, String> extra, String profiles)
      throws IOException {
    Map<String, String> env = new HashMap<>(extra);
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("LOCAL_DATA_DIR", work.resolve(name).toString());
    env.put("KAFKA_GROUP_INSTANCE_ID", "bench-" + name);
    if (zipkin != null) {
      env.put("ZIPKIN_ENDPOINT", zipkin.spansEndpoint());
    }
    // the gateway exposes only health and info by default; the heap gauge is read from metrics
    env.put("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,info,metrics");
    ServiceProcess service = new ServiceProcess(name, jarOf(root, module), LocalRuns.freePort(), env,
        work.resolve("logs").resolve(name + ".log"), settings.serviceJvm(), profiles);
    started.add(service);
    return service;
  }

  private static Path jarOf(Path root, String module) {
    return root.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
  }

  private static String missingJar(Path root) {
    for (String module : List.of("tool-workers", "agent-orchestrator", "gateway")) {
      if (!Files.exists(jarOf(root, module))) {
        return root.relativize(jarOf(root, module)).toString();
      }
    }
    return null;
  }

  /** Copies the child's output to its log until {@code line} appears; the rest goes on in the background. */
  private static void awaitLine(Process process, String line, Duration timeout, Path log) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Thread copier = new Thread(() -> {
      try (var writer = Files.newBufferedWriter(log)) {
        String next;
        while ((next = out.readLine()) != null) {
          writer.write(next);
          writer.newLine();
          writer.flush();
        }
      } catch (IOException ended) {
        // the chain JVM ended
      }
    }, "chain-log");
    copier.setDaemon(true);
    copier.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readAllLines(log).contains(line)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the chain JVM exited; see " + log);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the chain JVM was not ready within " + timeout + "; see " + log);
  }

  static String loadAverage() {
    try {
      return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3));
    } catch (IOException e) {
      return "?";
    }
  }


}
