package io.loanofficer.tools.bench;

import io.loanofficer.events.Actor;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.topics.SingleNodeBroker;
import io.loanofficer.events.topics.TopicProvisioner;
import io.loanofficer.tools.Caller;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.tools.ToolRunner;
import io.loanofficer.tools.seed.SampleDataGenerator;
import io.loanofficer.worker.ToolWorkerApplication;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Tool latency on a large generated portfolio (not a test; run with {@code infra/bench-tools.sh}).
 * Starts a KRaft broker with the catalogue's topics and a {@link ToolWorkerApplication} on an in-memory
 * H2 database (SQL Server mode, migrated and seeded), fills it with {@link SampleDataGenerator}
 * (default 100,000 borrowers, seed 42, one officer per 200 borrowers), then measures:
 * <ol>
 *   <li>in process, {@link ToolRunner#run} for single-record tools and for the portfolio tools as a loan
 *       officer (one officer's ~1/N of the data) and as a credit analyst (all of it);</li>
 *   <li>through Kafka, {@code ToolCallRequested} on tool.calls to the matching {@code ToolCallCompleted}
 *       on tool.results (read_committed): one call at a time per tool, then the single-record mix with
 *       several calls in flight for throughput.</li>
 * </ol>
 * <ol start="3">
 *   <li>the bare 2-hop floor on the same broker ({@link BareKafkaHop}: the worker's client settings, a
 *       transaction per record, nothing in the middle), before and after the tools' rows, and per tool
 *       the check: through Kafka p50 at most its in-process p50 plus twice the floor's p50.</li>
 * </ol>
 * Arguments: {@code [borrowers=100000] [inFlight=16] [sections=inprocess,kafka,mix]} (a subset of the
 * sections, e.g. {@code inprocess} alone; {@code highrisk}: in process, the high-risk list only).
 */
public final class ToolLatencyBenchmark {

  private static final String AS_OF = "2026-11-25";
  private static final Caller ANALYST = new Caller("bench-analyst", Set.of("CREDIT_ANALYST"), null);
  private static final List<String> SINGLE_RECORD = List.of("getLoanDetails", "getBorrowerDefaultRisk",
      "evaluateCollateralSufficiency", "getLoansByBorrower", "analyzePaymentPatterns");
  private static final List<String> PORTFOLIO = List.of("getLoanSummary", "getHighRiskFarmers");
  private static final String FLOOR_IN = "bench.floor.calls";
  private static final String FLOOR_OUT = "bench.floor.results";

  /** One tool call: what to run and as whom. */
  record Call(String tool, String argumentsJson, Caller caller) {}

  /** Latencies (ns) of one row of the table, with outcomes and result sizes. */
  static final class Row {
    final String name;
    final List<Long> nanos = new ArrayList<>();
    final Map<String, Integer> outcomes = new LinkedHashMap<>();
    /** Through Kafka: the time the worker reports for the call (durationMicros, in ns): its own part. */
    final List<Long> workerNanos = new ArrayList<>();
    long resultChars;
    /** In process: a digest of the last call's result, to show that a change kept the results. */
    String lastResultDigest;

    Row(String name) {
      this.name = name;
    }

    void add(long ns, String outcome, int chars) {
      nanos.add(ns);
      outcomes.merge(outcome, 1, Integer::sum);
      resultChars += chars;
    }
  }

  private final int borrowers;
  private final int officers;
  private final Random random = new Random(7);
  private int loans;

  private ToolLatencyBenchmark(int borrowers) {
    this.borrowers = borrowers;
    this.officers = SampleDataGenerator.Options.of(borrowers, 42).officers();
  }

  public static void main(String[] args) throws Exception {
    int borrowers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    Set<String> sections = Set.of((args.length > 2 ? args[2] : "inprocess,kafka,mix").split(","));
    new ToolLatencyBenchmark(borrowers).run(inFlight, sections);
    System.exit(0);
  }

  private void run(int inFlight, Set<String> sections) throws Exception {
    System.out.printf("Machine: %d cores, Java %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(SingleNodeBroker.SETTINGS);
    broker.afterPropertiesSet();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
      // the floor's topics, shaped like tool.calls and tool.results
      admin.createTopics(List.of(
          new NewTopic(FLOOR_IN, Topic.TOOL_CALLS.partitions(), (short) 1).configs(Topic.TOOL_CALLS.configs()),
          new NewTopic(FLOOR_OUT, Topic.TOOL_RESULTS.partitions(), (short) 1).configs(Topic.TOOL_RESULTS.configs())))
          .all().get(60, TimeUnit.SECONDS);
    }
    // Command-line arguments, so that they win over tool-worker.yml (builder properties are defaults).
    ConfigurableApplicationContext worker;
    try {
      worker = ToolWorkerApplication.application().profiles("bench").run(
          "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
          "--spring.datasource.url=jdbc:h2:mem:bench;MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;"
              + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
          "--spring.datasource.username=sa",
          "--spring.datasource.password=",
          "--spring.flyway.locations=classpath:db/migration/sqlserver,classpath:db/seed",
          "--tools.as-of=" + AS_OF,
          "--worker.id=bench-worker",
          "--tools.pii.token-secret=bench-only-pii-token-secret",
          "--server.port=0",
          // The listener logs every call at INFO; on a console that would be measured too.
          "--logging.level.io.loanofficer.worker=WARN",
          "--logging.level.org.apache.kafka=WARN");
    } catch (RuntimeException e) {
      broker.destroy();
      throw e;
    }
    try {
      long started = System.nanoTime();
      SampleDataGenerator.Summary data = new SampleDataGenerator(worker.getBean(JdbcTemplate.class))
          .generate(SampleDataGenerator.Options.of(borrowers, 42));
      loans = data.loans();
      System.out.printf("Generated %,d borrowers, %,d loans, %,d payments, %,d collateral, %,d equipment in %.1f s"
              + " (+ the 12 sample borrowers); %d officers, ~%d borrowers each%n",
          data.borrowers(), data.loans(), data.payments(), data.collateral(), data.equipment(),
          (System.nanoTime() - started) / 1e9, officers, borrowers / officers);

      ToolRunner runner = worker.getBean(ToolRunner.class);
      List<Row> inProcess = new ArrayList<>();
      if (sections.contains("inprocess") || sections.contains("highrisk")) {
        // highrisk: only the high-risk list's rows (to profile it)
        List<String> portfolio = sections.contains("inprocess") ? PORTFOLIO : List.of("getHighRiskFarmers");
        System.out.println();
        System.out.println("== In process (ToolRunner.run) ==");
        for (String tool : sections.contains("inprocess") ? SINGLE_RECORD : List.<String>of()) {
          inProcess.add(inProcess(runner, tool, tool, () -> singleRecord(tool), 300, 2_000));
        }
        for (String tool : portfolio) {
          inProcess.add(inProcess(runner, tool + " (officer)", tool, () -> asOfficer(tool), 20, 200));
        }
        for (String tool : portfolio) {
          // a whole bank's list: few calls, each long, so the compilers would still be at work in the measured
          // ones (ADR 29): the warm-up goes on until they have settled
          int warmup = warmUntilCompiled(runner, tool, new Call(tool, "{}", ANALYST), 4, 60);
          System.out.printf("%s (analyst, all): %d warm-up calls%n", tool, warmup);
          inProcess.add(inProcess(runner, tool + " (analyst, all)", tool, () -> new Call(tool, "{}", ANALYST), 0, 41));
        }
        print(inProcess, null);
        for (Row row : inProcess) {
          if (row.name.contains("analyst")) {
            System.out.printf("%s: last result %d chars, SHA-256 %s...%n", row.name,
                row.resultChars / Math.max(1, row.nanos.size()), row.lastResultDigest);
          }
        }
      }
      if (!sections.contains("kafka")) {
        return;
      }

      String bootstrap = broker.getBrokersAsString();
      List<Row> floors = new ArrayList<>();
      try (KafkaRoundTrip kafka = new KafkaRoundTrip(bootstrap);
          KafkaRoundTrip bare = new KafkaRoundTrip(bootstrap, FLOOR_IN, FLOOR_OUT);
          BareKafkaHop hop = new BareKafkaHop(worker.getBean(ConsumerFactory.class).getConfigurationProperties(),
              worker.getBean(ProducerFactory.class).getConfigurationProperties(), FLOOR_IN, FLOOR_OUT).start()) {
        // the floor before and after the tools' rows, so that a change of the shared machine's load shows
        floors.add(bare.sequential("bare 2-hop floor (before)", this::anySingleRecord, 100, 500));
        System.out.println();
        System.out.println("== Through Kafka (tool.calls -> worker -> tool.results, read_committed), one call at a time ==");
        List<Row> sequential = new ArrayList<>();
        for (String tool : SINGLE_RECORD) {
          sequential.add(kafka.sequential(tool, () -> singleRecord(tool), 50, 300));
        }
        for (String tool : PORTFOLIO) {
          sequential.add(kafka.sequential(tool + " (officer)", () -> asOfficer(tool), 10, 100));
        }
        for (String tool : PORTFOLIO) {
          sequential.add(kafka.sequential(tool + " (analyst, all)", () -> new Call(tool, "{}", ANALYST), 0, 3));
        }
        print(sequential, null);
        floors.add(bare.sequential("bare 2-hop floor (after)", this::anySingleRecord, 0, 500));

        System.out.println();
        System.out.println("== Bare 2-hop floor (" + FLOOR_IN + " -> consume-produce hop, a transaction per record, worker's "
            + "client settings -> " + FLOOR_OUT + ", read_committed), one call at a time ==");
        print(floors, null);
        if (!inProcess.isEmpty()) {
          printCheck(inProcess, sequential, floors);
        }

        if (sections.contains("mix")) {
          System.out.println();
          System.out.printf("== Through Kafka, single-record mix, %d calls in flight ==%n", inFlight);
          kafka.concurrent(this::anySingleRecord, 500, inFlight);
          long t0 = System.nanoTime();
          Row mix = kafka.concurrent(this::anySingleRecord, 5_000, inFlight);
          double seconds = (System.nanoTime() - t0) / 1e9;
          print(List.of(mix), String.format("throughput %.0f calls/s (%d calls in %.1f s)", mix.nanos.size() / seconds,
              mix.nanos.size(), seconds));
        }
      }
    } finally {
      worker.close();
      broker.destroy();
    }
  }

  /**
   * Per tool measured both ways: through Kafka p50 against its in-process p50 plus twice the floor's
   * p50 (the floor rows pooled). "In worker" is the duration the worker reports in its result (from
   * the listener receiving the call to the result built): the rest of the round trip is Kafka's.
   */
  private static void printCheck(List<Row> inProcess, List<Row> throughKafka, List<Row> floors) {
    long[] floor = floors.stream().flatMap(r -> r.nanos.stream()).mapToLong(Long::longValue).sorted().toArray();
    double floorP50 = percentile(floor, 50);
    System.out.println();
    System.out.printf("== Check: through Kafka p50 <= in-process p50 + 2 x floor p50 (floor p50 %.2f ms, %d calls) ==%n",
        floorP50, floor.length);
    System.out.printf("| %-40s | %14s | %17s | %16s | %13s | %s%n", "tool", "in-process p50", "through Kafka p50",
        "in worker p50", "limit", "check");
    System.out.println("|" + "-".repeat(42) + "|----------------|-------------------|------------------|---------------|------");
    for (Row kafka : throughKafka) {
      inProcess.stream().filter(r -> r.name.equals(kafka.name)).findFirst().ifPresent(local -> {
        double localP50 = percentile(sorted(local), 50);
        double kafkaP50 = percentile(sorted(kafka), 50);
        double limit = localP50 + 2 * floorP50;
        long[] worker = kafka.workerNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("| %-40s | %14.2f | %17.2f | %16.2f | %13.2f | %s%n", kafka.name, localP50, kafkaP50,
            worker.length == 0 ? Double.NaN : percentile(worker, 50), limit,
            kafkaP50 <= limit ? "ok" : "OVER by " + String.format("%.2f ms", kafkaP50 - limit));
      });
    }
  }

  private static long[] sorted(Row row) {
    return row.nanos.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  private Call singleRecord(String tool) {
    return switch (tool) {
      case "getLoanDetails", "evaluateCollateralSufficiency" -> new Call(tool, "{\"loan_id\":\"L" + (100_000 + random.nextInt(loans)) + "\"}", ANALYST);
      default -> new Call(tool, "{\"borrower_id\":\"B" + (100_000 + random.nextInt(borrowers)) + "\"}", ANALYST);
    };
  }

  private Call anySingleRecord() {
    return singleRecord(SINGLE_RECORD.get(random.nextInt(SINGLE_RECORD.size())));
  }

  private Call asOfficer(String tool) {
    String officer = "officer-" + (1 + random.nextInt(officers));
    return new Call(tool, "{}", new Caller(officer, Set.of("LOAN_OFFICER"), officer));
  }

  /**
   * Calls the tool at least {@code least} times, then until the JIT compilers of this JVM took under 2 %
   * of the wall time of the last 5 calls, at most {@code most} calls; returns how many it made.
   */
  private static int warmUntilCompiled(ToolRunner runner, String tool, Call call, int least, int most) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    ArrayDeque<long[]> last = new ArrayDeque<>(); // {wall ns, compile ms} at each call's end
    for (int i = 1; i <= most; i++) {
      runner.run(tool, call.argumentsJson(), call.caller(), "bench-warmup-" + i);
      last.addLast(new long[] {System.nanoTime(), jit.getTotalCompilationTime()});
      if (last.size() > 6) {
        last.removeFirst();
      }
      if (i >= least && last.size() == 6) {
        double wallMs = (last.getLast()[0] - last.getFirst()[0]) / 1e6;
        if (last.getLast()[1] - last.getFirst()[1] < 0.02 * wallMs) {
          return i;
        }
      }
    }
    return most;
  }

  private static Row inProcess(ToolRunner runner, String name, String tool, Supplier<Call> calls,
      int warmup, int measured) {
    Row row = new Row(name);
    for (int i = 0; i < warmup + measured; i++) {
      Call call = calls.get();
      long t0 = System.nanoTime();
      ToolResult result = runner.run(tool, call.argumentsJson(), call.caller(), "bench-" + i);
      long ns = System.nanoTime() - t0;
      if (i >= warmup) {
        row.add(ns, result.outcome().name(), result.resultJson() == null ? 0 : result.resultJson().length());
        row.lastResultDigest = digest(result.resultJson());
      }
    }
    return row;
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void print(List<Row> rows, String footer) {
    System.out.printf("| %-40s | %6s | %9s | %9s | %9s | %10s | %s%n", "tool", "calls", "p50 ms", "p99 ms", "max ms",
        "avg result", "outcomes");
    System.out.println("|" + "-".repeat(42) + "|--------|-----------|-----------|-----------|------------|---------");
    for (Row row : rows) {
      long[] sorted = sorted(row);
      System.out.printf("| %-40s | %6d | %9.2f | %9.2f | %9.2f | %8.1fkB | %s%n", row.name, sorted.length,
          percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6,
          row.resultChars / 1024.0 / Math.max(1, sorted.length), row.outcomes);
    }
    if (footer != null) {
      System.out.println(footer);
    }
  }

  /** Nearest-rank percentile, in milliseconds. */
  static double percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  /** A producer on tool.calls and a read_committed consumer on tool.results that matches results by call id. */
  private static final class KafkaRoundTrip implements AutoCloseable {

    /** When a result arrived (nanoTime) and what it said. */
    record Arrival(long nanos, ToolCallCompleted completed) {}

    private final KafkaProducer<String, SpecificRecord> producer;
    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final Map<String, CompletableFuture<Arrival>> pending = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    private final String requestTopic;

    /** Requests on tool.calls, results on tool.results: through the worker. */
    KafkaRoundTrip(String bootstrap) {
      this(bootstrap, Topic.TOOL_CALLS.topicName(), Topic.TOOL_RESULTS.topicName());
    }

    KafkaRoundTrip(String bootstrap, String requestTopic, String resultTopic) {
      this.requestTopic = requestTopic;
      producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
          ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new EventSerde());
      consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20), new StringDeserializer(), new EventSerde());
      List<TopicPartition> partitions = consumer.partitionsFor(resultTopic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      poller = new Thread(this::poll, "bench-results");
      poller.start();
    }

    private void poll() {
      while (running) {
        for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(50))) {
          long now = System.nanoTime();
          if (record.value() instanceof ToolCallCompleted completed) {
            CompletableFuture<Arrival> future = pending.remove(completed.getCallId());
            if (future != null) {
              future.complete(new Arrival(now, completed));
            }
          }
        }
      }
    }

    /** Sends the call and returns a future of its result; the send time is taken just before send(). */
    CompletableFuture<Long> send(Call call, Row row) {
      String callId = UUID.randomUUID().toString();
      String conversation = "bench-" + callId.substring(0, 8);
      CompletableFuture<Arrival> arrival = new CompletableFuture<>();
      pending.put(callId, arrival);
      Instant now = Instant.now();
      ToolCallRequested request = ToolCallRequested.newBuilder()
          .setEventId(UUID.randomUUID().toString())
          .setConversationId(conversation)
          .setTurnId("t1")
          .setCallId(callId)
          .setRound(1)
          .setTool(call.tool())
          .setArgumentsJson(call.argumentsJson())
          .setActor(Actor.newBuilder().setUserId(call.caller().userId()).setRoles(List.copyOf(call.caller().roles()))
              .setOfficerId(call.caller().officerId() == null ? call.caller().userId() : call.caller().officerId()).build())
          .setRequestedAt(now)
          .setDeadlineAt(now.plusSeconds(120))
          .build();
      long t0 = System.nanoTime();
      producer.send(new ProducerRecord<>(requestTopic, conversation, request));
      return arrival.orTimeout(120, TimeUnit.SECONDS).thenApply(a -> {
        if (row != null) {
          synchronized (row) {
            ToolCallCompleted done = a.completed();
            row.add(a.nanos() - t0, done.getOutcome() == null ? "?" : done.getOutcome().name(),
                done.getResultJson() == null ? 0 : done.getResultJson().length());
            row.workerNanos.add(done.getDurationMicros() * 1_000);
          }
        }
        return a.nanos() - t0;
      });
    }

    Row sequential(String name, Supplier<Call> calls, int warmup, int measured) {
      Row row = new Row(name);
      for (int i = 0; i < warmup + measured; i++) {
        send(calls.get(), i >= warmup ? row : null).join();
      }
      return row;
    }

    Row concurrent(Supplier<Call> calls, int count, int inFlight) throws InterruptedException {
      Row row = new Row("single-record mix, " + inFlight + " in flight");
      Semaphore window = new Semaphore(inFlight);
      List<CompletableFuture<Long>> all = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        window.acquire();
        all.add(send(calls.get(), row).whenComplete((ns, e) -> window.release()));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      return row;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      poller.join(5_000);
      consumer.close();
      producer.close();
    }
  }
}
