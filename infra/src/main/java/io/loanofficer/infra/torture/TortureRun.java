package io.loanofficer.infra.torture;

import io.loanofficer.infra.LocalRuns;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.infra.invariants.InvariantChecker;
import io.loanofficer.infra.torture.ChatLoad.TurnResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Runs two tool workers, two orchestrators and two gateways from the same jars as the run command,
 * drives closed-loop chat load through both gateways and injects faults on a schedule: kill -9 and
 * restart of each kind of service, poison records, a paused (SIGSTOP) service, a graceful rolling restart
 * (a rolling upgrade when the previous release is given) of every service and,
 * where the broker is ours, a broker restart. Then it checks the promises ({@link InvariantChecker})
 * and reports, per fault, how long until every conversation was answered again.
 */
public final class TortureRun {

  /** How the run reaches its broker, and whether it may restart it. */
  public interface Broker {
    String bootstrapServers();

    /** Restarts the broker on the same data; false when this broker cannot be restarted. */
    boolean restart() throws Exception;
  }

  /**
   * @param previousRelease a directory with the previous release's executable jars (named as the
   *     build names them), or null: the second instance of each service then starts on them, and the
   *     graceful rolling restart upgrades it, so the faults before it hit a mixed-version system
   */
  public record Options(Duration length, int conversations, Path previousRelease) {

    public Options(Duration length, int conversations) {
      this(length, conversations, null);
    }
  }

  /**
   * One fault as injected: what, and when (seconds into the run, and System.nanoTime()); {@code endNanos}
   * is when a fault that lasts (a rolling restart) was over, and {@code atNanos} for one that strikes at
   * once (a kill: the restart after it is part of the recovery; a pause: the system must recover while it lasts).
   */
  public record Fault(String name, double atSeconds, long atNanos, long endNanos) {

    double lastedSeconds() {
      return (endNanos - atNanos) / 1e9;
    }
  }

  /** What the run measured. */
  public record Result(List<Fault> faults, Map<String, Double> recoverySeconds, List<TurnResult> turns,
      long badFrames, long reconnects, InvariantChecker.Report invariants, String table) {

    public long lost() {
      return turns.stream().filter(t -> t.outcome().equals("lost")).count();
    }
  }

  /** How long the load may go on past the schedule for the last faults to recover. */
  private static final Duration RECOVERY_WAIT = Duration.ofMinutes(4);

  private interface Action {
    void run() throws Exception;
  }

  /** A fault of the schedule: what to do, and whether it lasts until the action returns. */
  private record Step(Action action, boolean lasts) {

    static Step atOnce(Action action) {
      return new Step(action, false);
    }
  }

  private final Path root;
  private final Path work;
  private final Broker broker;
  private final Options options;
  private final List<ServiceProcess> workers = new ArrayList<>();
  private final List<ServiceProcess> orchestrators = new ArrayList<>();
  private final List<ServiceProcess> gateways = new ArrayList<>();
  /** Each service's module, by service name: which jar of this release it runs. */
  private final Map<String, String> modules = new HashMap<>();

  public TortureRun(Path root, Path work, Broker broker, Options options) {
    this.root = root;
    this.work = work;
    this.broker = broker;
    this.options = options;
  }

  /** The executable jars the run command builds; null when one is missing. */
  public static String missingJar(Path root) {
    for (String module : List.of("tool-workers", "agent-orchestrator", "gateway")) {
      Path jar = jarOf(root, module);
      if (!Files.exists(jar)) {
        return jar.toString();
      }
    }
    return null;
  }

  private static Path jarOf(Path root, String module) {
    return root.resolve(module).resolve("target").resolve(jarName(module));
  }

  private static String jarName(String module) {
    return module + "-0.1.0-SNAPSHOT-exec.jar";
  }

  public Result run() throws Exception {
    Files.createDirectories(work.resolve("logs"));
    for (int i = 1; i <= 2; i++) {
      boolean previous = i == 2 && options.previousRelease() != null;
      workers.add(service("tool-worker-" + i, "tool-workers", previous, Map.of(
          "LOCAL_DATA_DIR", work.resolve("worker-" + i).toString(), "WORKER_ID", "torture-worker-" + i)));
      orchestrators.add(service("orchestrator-" + i, "agent-orchestrator", previous, Map.of()));
      // the per-user limits are raised for the run: two users carry all the load, and a refusal is no test of recovery
      gateways.add(service("gateway-" + i, "gateway", previous, Map.of("GATEWAY_INSTANCE_ID", "torture-" + i,
          "GATEWAY_RATE_FRAMES", "1000000", "GATEWAY_MAX_TURNS_IN_FLIGHT", "1000")));
    }
    List<ServiceProcess> all = new ArrayList<>(workers);
    all.addAll(orchestrators);
    all.addAll(gateways);
    try {
      for (ServiceProcess service : all) {
        service.start();
      }
      for (ServiceProcess service : all) {
        service.awaitReady(Duration.ofMinutes(4));
      }
      return drive(all);
    } finally {
      for (ServiceProcess service : all) {
        service.stop();
      }
    }
  }

  private Result drive(List<ServiceProcess> all) throws Exception {
    ChatLoad load = new ChatLoad(gateways.stream().map(ServiceProcess::port).toList(), options.conversations(),
        // "lost" means no final frame at all: past the 30 s turn deadline, a restart of its owner on a
        // crowded machine may take a minute and more before the TIMEOUT reply is written
        Duration.ofSeconds(180));
    Map<String, Step> schedule = schedule(all);
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    load.start();
    List<Fault> faults = new ArrayList<>();
    double first = 15;
    double last = options.length().toSeconds() - 20;
    double gap = schedule.size() <= 1 ? 0 : (last - first) / (schedule.size() - 1);
    int i = 0;
    double previousEnd = 0;
    for (Map.Entry<String, Step> fault : schedule.entrySet()) {
      // a fault that outlasted its slot (a slow rolling upgrade) must not pile the next ones onto its end:
      // each comes at least a gap (at most 30 s) after the previous one ended, however late that makes it
      double at = Math.max(first + gap * i++, previousEnd + Math.min(gap, 30));
      sleepUntil(start, at);
      long atNanos = System.nanoTime();
      String name = fault.getKey();
      try {
        fault.getValue().action().run();
      } catch (Exception e) {
        // a service that does not come back is a finding, not the end of the run: the checks still run
        name += " (failed: " + e.getMessage() + ")";
      }
      faults.add(new Fault(name, (atNanos - start) / 1e9, atNanos, fault.getValue().lasts() ? System.nanoTime() : atNanos));
      previousEnd = (faults.get(faults.size() - 1).endNanos() - start) / 1e9;
    }
    sleepUntil(start, options.length().toSeconds());
    awaitRecovery(faults, load, RECOVERY_WAIT);
    load.stop(Duration.ofSeconds(190));
    List<TurnResult> turns = load.results();
    Map<String, Double> recovery = new LinkedHashMap<>();
    for (int f = 0; f < faults.size(); f++) {
      recovery.put(faults.get(f).name(), recoverySeconds(faults, f, turns));
    }
    InvariantChecker checker = new InvariantChecker(broker.bootstrapServers(), Duration.ofSeconds(60));
    InvariantChecker.Report invariants = checker.checkSettled(Duration.ofSeconds(60));
    List<TurnResult> lost = turns.stream().filter(t -> t.outcome().equals("lost")).toList();
    List<InvariantChecker.TurnTrace> traces = lost.isEmpty() ? List.of()
        : checker.trace(lost.stream().map(TurnResult::clientMessageId).toList());
    return new Result(faults, recovery, turns, load.badFrames(), load.reconnects(), invariants,
        table(faults, recovery, turns, load, invariants, new RunClock(start, startedAt), traces));
  }

  /** Turns a nanoTime of the run into seconds into it and the wall-clock time the services' logs carry. */
  record RunClock(long startNanos, Instant startedAt) {

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    String at(long nanos) {
      return String.format("%s (%.1f s)", UTC_TIME.format(startedAt.plusNanos(nanos - startNanos)),
          (nanos - startNanos) / 1e9);
    }
  }

  /**
   * The load goes on past the schedule until every fault has recovered (or the wait ends): on a
   * crowded machine a service killed near the end may take minutes to start again, and stopping the
   * load before would report its recovery as never.
   */
  private static void awaitRecovery(List<Fault> faults, ChatLoad load, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      List<TurnResult> turns = load.results();
      if (IntStream.range(0, faults.size()).allMatch(f -> Double.isFinite(recoverySeconds(faults, f, turns)))) {
        return;
      }
      Thread.sleep(1000);
    }
  }

  /** The faults, in the order they are injected; the long profile repeats the cycle. */
  private Map<String, Step> schedule(List<ServiceProcess> all) {
    List<Map.Entry<String, Step>> cycle = new ArrayList<>();
    cycle.add(Map.entry("kill -9 tool-worker-1", Step.atOnce(() -> killAndRestart(workers.get(0)))));
    cycle.add(Map.entry("kill -9 orchestrator-1", Step.atOnce(() -> killAndRestart(orchestrators.get(0)))));
    cycle.add(Map.entry("poison records", Step.atOnce(this::poison)));
    cycle.add(Map.entry("kill -9 gateway-1", Step.atOnce(() -> killAndRestart(gateways.get(0)))));
    cycle.add(Map.entry("pause orchestrator-2 for 10 s",
        Step.atOnce(() -> orchestrators.get(1).pause(Duration.ofSeconds(10)))));
    boolean longProfile = options.length().compareTo(Duration.ofMinutes(4)) > 0;
    if (longProfile) {
      // minutes long (each service stopped, started, ready in turn): its recovery counts from its end
      cycle.add(Map.entry(options.previousRelease() == null ? "graceful rolling restart"
          : "rolling upgrade from the previous release", new Step(() -> rollingRestart(all), true)));
      cycle.add(Map.entry("broker restart", Step.atOnce(() -> {
        if (!broker.restart()) {
          throw new IllegalStateException("this broker cannot be restarted");
        }
      })));
      cycle.add(Map.entry("kill -9 tool-worker-2", Step.atOnce(() -> killAndRestart(workers.get(1)))));
      cycle.add(Map.entry("kill -9 orchestrator-2", Step.atOnce(() -> killAndRestart(orchestrators.get(1)))));
      cycle.add(Map.entry("kill -9 gateway-2", Step.atOnce(() -> killAndRestart(gateways.get(1)))));
      cycle.add(Map.entry("pause tool-worker-2 for 15 s", Step.atOnce(() -> workers.get(1).pause(Duration.ofSeconds(15)))));
    }
    int rounds = longProfile ? (int) Math.max(1, options.length().toMinutes() / 10) : 1;
    Map<String, Step> schedule = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (Map.Entry<String, Step> fault : cycle) {
        schedule.put(rounds == 1 ? fault.getKey() : fault.getKey() + " #" + round, fault.getValue());
      }
    }
    return schedule;
  }

  private static void killAndRestart(ServiceProcess service) throws Exception {
    service.kill();
    Thread.sleep(2000);
    service.start();
  }

  /** Each service in turn: stopped, started on this release's jar (an upgrade where it ran the previous one), ready. */
  private void rollingRestart(List<ServiceProcess> all) throws Exception {
    for (ServiceProcess service : all) {
      service.stop();
      service.runFrom(jarOf(root, modules.get(service.name())));
      service.start();
      service.awaitReady(Duration.ofMinutes(3));
    }
  }

  /** Records that are not events of ours on every topic the services consume: each is reported, none stops them. */
  private void poison() throws Exception {
    byte[] unknownFingerprint = {(byte) 0xC3, 0x01, 9, 9, 9, 9, 9, 9, 9, 9, 0, 0};
    byte[] notAvro = "{\"type\":\"user_message\"}".getBytes();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (Topic topic : List.of(Topic.CHAT_TURNS, Topic.TOOL_CALLS, Topic.TOOL_RESULTS, Topic.AGENT_SIGNALS,
          Topic.CHAT_REPLIES)) {
        producer.send(new ProducerRecord<>(topic.topicName(), "poison-" + topic.baseName(), unknownFingerprint));
        producer.send(new ProducerRecord<>(topic.topicName(), "poison-" + topic.baseName(), notAvro));
      }
      producer.flush();
    }
  }

  /**
   * Seconds from the end of fault {@code index} (its start, for one that strikes at once) until every
   * load client that was running then had an answer that ended after it: the slowest client, seen from
   * the users. Clients, not conversation ids: a client keeps asking whatever happens to its conversation.
   * A client still waiting then on a question it sent before the previous fault ended is no measure of
   * this fault: it is stalled in that one, whose recovery it holds back, and its question shows among
   * the lost turns when no final frame ever came.
   */
  static double recoverySeconds(List<Fault> faults, int index, List<TurnResult> turns) {
    Fault fault = faults.get(index);
    long since = index == 0 ? Long.MIN_VALUE : faults.get(index - 1).endNanos();
    Set<Integer> running = new HashSet<>();
    Map<Integer, Long> firstAnswerAfter = new HashMap<>();
    for (TurnResult turn : turns) {
      if (turn.sentNanos() < fault.endNanos()) {
        running.add(turn.client());
      }
      if (turn.outcome().equals("answer") && turn.endedNanos() > fault.endNanos()) {
        firstAnswerAfter.merge(turn.client(), turn.endedNanos(), Math::min);
      }
    }
    turns.stream().filter(turn -> stalledBefore(turn, fault, since)).forEach(turn -> running.remove(turn.client()));
    long slowest = running.stream().mapToLong(client -> firstAnswerAfter.getOrDefault(client, Long.MAX_VALUE))
        .max().orElse(Long.MAX_VALUE);
    return slowest == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : (slowest - fault.endNanos()) / 1e9;
  }

  /** The turn was sent before the previous fault ended and was still waiting for its final frame when this one struck. */
  private static boolean stalledBefore(TurnResult turn, Fault fault, long previousEnd) {
    return turn.sentNanos() < previousEnd && turn.endedNanos() > fault.atNanos();
  }

  /** The clients left out of a fault's recovery: still waiting on a question sent before the previous fault ended. */
  static long stalledClients(List<Fault> faults, int index, List<TurnResult> turns) {
    if (index == 0) {
      return 0;
    }
    long since = faults.get(index - 1).endNanos();
    return turns.stream().filter(turn -> stalledBefore(turn, faults.get(index), since)).map(TurnResult::client)
        .distinct().count();
  }

  private ServiceProcess service(String name, String module, boolean previousRelease, Map<String, String> extra)
      throws IOException {
    modules.put(name, module);
    Path jar = previousRelease ? options.previousRelease().resolve(jarName(module)) : jarOf(root, module);
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing");
    }
    Map<String, String> env = new HashMap<>(extra);
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.putIfAbsent("LOCAL_DATA_DIR", work.resolve(name).toString());
    // a stable static member of its groups, the same across its restarts (ADR 0009)
    env.put("KAFKA_GROUP_INSTANCE_ID", "torture-" + name);
    // the run command's short sessions (ADR 0009); the brokers of the fault runs allow them
    env.putIfAbsent("KAFKA_SESSION_TIMEOUT", System.getenv().getOrDefault("KAFKA_SESSION_TIMEOUT", "3s"));
    return new ServiceProcess(name, jar, LocalRuns.freePort(), env, work.resolve("logs").resolve(name + ".log"));
  }


  private static void sleepUntil(long start, double seconds) throws InterruptedException {
    long remaining = start + (long) (seconds * 1e9) - System.nanoTime();
    if (remaining > 0) {
      Thread.sleep(remaining / 1_000_000);
    }
  }

  private String table(List<Fault> faults, Map<String, Double> recovery, List<TurnResult> turns, ChatLoad load,
      InvariantChecker.Report invariants, RunClock clock, List<InvariantChecker.TurnTrace> traces) {
    StringBuilder text = new StringBuilder();
    text.append(String.format("torture run: %.1f min, %d conversations, 2 tool workers, 2 orchestrators, 2 gateways%n%n",
        options.length().toSeconds() / 60.0, options.conversations()));
    text.append(String.format("%-44s %8s %8s %11s %8s%n", "fault", "at s", "lasted s", "recovery s", "stalled"));
    for (int f = 0; f < faults.size(); f++) {
      Fault fault = faults.get(f);
      text.append(String.format("%-44s %8.1f %8s %11.1f %8d%n", fault.name(), fault.atSeconds(),
          fault.lastedSeconds() > 0 ? String.format("%.1f", fault.lastedSeconds()) : "",
          recovery.get(fault.name()), stalledClients(faults, f, turns)));
    }
    text.append("(recovery: from the fault, or the end of one that lasted, until every client running at it had an"
        + " answer;\n stalled: clients left out, still waiting on a question sent before the previous fault ended)\n");
    Map<String, Long> outcomes = turns.stream().collect(Collectors.groupingBy(TurnResult::outcome, TreeMap::new,
        Collectors.counting()));
    text.append(String.format("%nturns %d: %s; bad frames %d; reconnects %d%n", turns.size(), outcomes,
        load.badFrames(), load.reconnects()));
    lostTurns(text, turns, clock, traces);
    List<Double> during = new ArrayList<>();
    List<Double> outside = new ArrayList<>();
    for (TurnResult turn : turns) {
      if (turn.outcome().equals("lost") || turn.outcome().startsWith("refused")) {
        continue;
      }
      boolean inFault = faults.stream().anyMatch(f -> {
        long end = f.endNanos() + (long) (Math.min(recovery.get(f.name()), 120) * 1e9);
        return turn.endedNanos() >= f.atNanos() && turn.sentNanos() <= end;
      });
      (inFault ? during : outside).add(turn.latencyMillis());
    }
    text.append(String.format("latency ms outside faults: p50 %.0f, p99 %.0f (%d turns)%n", pct(outside, 50),
        pct(outside, 99), outside.size()));
    text.append(String.format("latency ms during faults:  p50 %.0f, p99 %.0f (%d turns)%n%n", pct(during, 50),
        pct(during, 99), during.size()));
    text.append(invariants.toText());
    return text.toString();
  }

  /**
   * Each lost turn as the client saw it (which client, conversation, clientMessageId, turnId if it was
   * accepted, gateways, sent and given up) and what the topics hold for it: whether a gateway accepted
   * it after all, and its final reply.
   */
  static void lostTurns(StringBuilder text, List<TurnResult> turns, RunClock clock,
      List<InvariantChecker.TurnTrace> traces) {
    List<TurnResult> lost = turns.stream().filter(t -> t.outcome().equals("lost")).toList();
    if (lost.isEmpty()) {
      return;
    }
    text.append("lost turns (no final frame reached the client):\n");
    for (TurnResult turn : lost) {
      text.append(String.format("  client %d, conversation %s, clientMessageId %s, turnId %s, via %s; sent %s, given up %s%n",
          turn.client(), turn.conversationId(), turn.clientMessageId(), turn.turnId() == null ? "none" : turn.turnId(),
          turn.gateways(), clock.at(turn.sentNanos()), clock.at(turn.endedNanos())));
      List<InvariantChecker.TurnTrace> found = traces.stream()
          .filter(trace -> trace.clientMessageId().equals(turn.clientMessageId())).toList();
      if (found.isEmpty()) {
        text.append("    on chat.turns: none (never accepted)\n");
      }
      for (InvariantChecker.TurnTrace trace : found) {
        text.append(String.format("    on chat.turns: turn %s accepted by %s at %s; final reply: %s%n", trace.turnId(),
            trace.gatewayInstance(), trace.submittedAt(),
            trace.finalKind() == null ? "none" : trace.finalKind() + " at " + trace.finalAt()));
      }
    }
  }

  private static double pct(List<Double> values, int percentile) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
  }
}
