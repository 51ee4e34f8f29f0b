package io.loanofficer.infra.bench;

import io.loanofficer.agent.conversation.AuditTrail;
import io.loanofficer.agent.conversation.OutboundRecord;
import io.loanofficer.events.Actor;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.events.GuardrailOutcome;
import io.loanofficer.events.GuardrailStage;
import io.loanofficer.events.GuardrailVerdict;
import io.loanofficer.events.ModelDecision;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.events.ProgressStatus;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.events.topics.TopicProvisioner;
import io.loanofficer.infra.BenchAccess;
import io.loanofficer.reporting.compliance.PeriodReport;
import io.loanofficer.reporting.compliance.ReportHtml;
import io.loanofficer.reporting.compliance.ReportPeriod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How long the compliance period report takes over an audit.events of N records (default 100,000):
 * conversations of five turns, sealed by the orchestrator's AuditTrail, spread over 30 days; a tool turn
 * is the eight records the orchestrator writes (question, model step, call, progress, result, progress,
 * model step, reply), every tenth turn a fair-lending refusal (question, verdict, reply). A real broker
 * in its own process, loopback. The report is made the way the CLI and the gateway make it (every chain
 * read whole, partition by partition), over the 30 days, five times; the first in a fresh JVM is the
 * command line's case. Not part of the test suite: run infra/bench-report.sh.
 */
public final class ReportBenchmark {

  private static final List<Actor> ACTORS = List.of(
      new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1"),
      new Actor("officer-2", List.of("LOAN_OFFICER"), "officer-2"),
      new Actor("analyst-1", List.of("CREDIT_ANALYST"), "analyst-1"));
  private static final List<String> TOOLS = List.of("getLoanStatus", "getBorrowerDefaultRisk",
      "evaluateCollateralSufficiency", "getLoanPayments", "getHighRiskFarmers");
  private static final LocalDate FIRST_DAY = LocalDate.of(2026, 10, 1);
  private static final int DAYS = 30;
  private static final int RUNS = 5;

  private final String bootstrap;
  private final AuditTrail trail = new AuditTrail();
  private long written;
  private int turns;
  private int chains;
  private final java.util.concurrent.atomic.AtomicLong failedSends = new java.util.concurrent.atomic.AtomicLong();

  private ReportBenchmark(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("bench-report-");
    try (BenchAccess.Broker broker = BenchAccess.Broker.start(dir)) {
      new ReportBenchmark(broker.bootstrapServers()).run(records);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void run(long target) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicProvisioner.ensureTopics(admin, (short) 1);
    }
    long started = System.nanoTime();
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024, ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024,
        // a crowded machine may hold a batch past the default 2 minutes; the benchmark would rather wait
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000),
        new StringSerializer(), new EventSerde())) {
      for (int chain = 0; written < target; chain++) {
        writeConversation(producer, chain, target);
      }
      producer.flush();
    }
    if (failedSends.get() > 0) {
      throw new IllegalStateException(failedSends.get() + " audit records could not be written");
    }
    System.out.printf("%,d audit records (%,d turns) written in %.1f s%n", written, turns,
        (System.nanoTime() - started) / 1e9);

    ReportPeriod period = new ReportPeriod(FIRST_DAY, FIRST_DAY.plusDays(DAYS - 1));
    AuditLogReader reader = new AuditLogReader(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        Topic.AUDIT_EVENTS.topicName(), Duration.ofMinutes(10));
    long[] millis = new long[RUNS];
    long[] cpuMillis = new long[RUNS];
    long[] readMillis = new long[RUNS];
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    String json = null;
    int htmlBytes = 0;
    for (int run = 0; run < RUNS; run++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      PeriodReport.Builder builder = new PeriodReport.Builder(period);
      reader.readAll(builder::add);
      PeriodReport report = builder.build();
      String runJson = report.toJson();
      String html = ReportHtml.render(report);
      millis[run] = (System.nanoTime() - start) / 1_000_000;
      cpuMillis[run] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
      long readStart = System.nanoTime();
      long[] count = {0};
      reader.readAll(chain -> count[0] += chain.entries().size());
      readMillis[run] = (System.nanoTime() - readStart) / 1_000_000;
      if (json != null && !json.equals(runJson)) {
        throw new IllegalStateException("two reports of the same records differ");
      }
      if (report.activity().turns() != turns || count[0] != written) {
        throw new IllegalStateException("the report counted " + report.activity().turns() + " turns of " + turns
            + " and read " + count[0] + " records of " + written + ", " + report.source().chainsRead() + " chains of "
            + chains + "; records in the period " + report.source().recordsInPeriod());
      }
      json = runJson;
      htmlBytes = html.length();
      System.out.printf("run %d: report %d ms, %d ms CPU of its thread (reading the chains alone %d ms)%n", run + 1,
          millis[run], cpuMillis[run], readMillis[run]);
    }
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    System.out.println();
    System.out.println("| audit records | turns | chains | first report (fresh JVM) | median of the next " + (RUNS - 1)
        + " | its thread's CPU (median of the next " + (RUNS - 1) + ") | reading alone (median) | JSON / HTML |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    long[] next = Arrays.copyOfRange(millis, 1, RUNS);
    Arrays.sort(next);
    long[] reads = readMillis.clone();
    Arrays.sort(reads);
    long[] cpu = Arrays.copyOfRange(cpuMillis, 1, RUNS);
    Arrays.sort(cpu);
    System.out.printf("| %,d | %,d | %,d | %.2f s | %.2f s | %.2f s | %.2f s | %,d / %,d bytes |%n", written, turns,
        chains, millis[0] / 1000.0, next[next.length / 2] / 1000.0, cpu[cpu.length / 2] / 1000.0,
        reads[reads.length / 2] / 1000.0, json.length(), htmlBytes);
    System.out.printf("load average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
  }

  /** One conversation of five turns (fewer when the target is reached), by one of the actors, on one day. */
  private void writeConversation(KafkaProducer<String, SpecificRecord> producer, int chain, long target) {
    chains++;
    String conversation = "conv-" + chain;
    Actor actor = ACTORS.get(chain % ACTORS.size());
    ConversationState state = ConversationState.newBuilder()
        .setConversationId(conversation).setOwnerUserId(actor.getUserId()).setStatus(ConversationStatus.REPLIED)
        .setAuditSeq(0).setAuditHash(AuditKeys.GENESIS_HASH).setActiveTurn(null).setTranscript(new ArrayList<>())
        .setUpdatedAt(Instant.EPOCH).build();
    Instant at = FIRST_DAY.plusDays(chain % DAYS).atStartOfDay(ZoneOffset.UTC).toInstant()
        .plusSeconds(8 * 3600 + (chain * 37L) % 36_000);
    List<OutboundRecord> out = new ArrayList<>();
    for (int turn = 1; turn <= 5 && written + out.size() < target; turn++) {
      turns++;
      String turnId = conversation + "-t" + turn;
      boolean refused = turns % 10 == 0;
      ChatTurnSubmitted question = ChatTurnSubmitted.newBuilder().setEventId(turnId + "-q").setConversationId(conversation)
          .setTurnId(turnId).setClientMessageId("c-" + turn)
          .setText(refused ? "Which farmers over 60 should we stop lending to?" : "What is the status of loan L00" + turn + "?")
          .setActor(actor).setGatewayInstance("gw-1").setTraceId(null).setSubmittedAt(at).build();
      append(out, state, question, turnId + "-q", at, actor);
      if (refused) {
        append(out, state, GuardrailVerdict.newBuilder().setEventId(turnId + "-v").setConversationId(conversation)
            .setTurnId(turnId).setStage(GuardrailStage.INPUT).setVerdict(GuardrailOutcome.REFUSED)
            .setReasons(List.of("FAIR_LENDING")).setDetails(Map.of("guard", "InputGuard")).setOccurredAt(at).build(),
            turnId + "-v", at, actor);
        append(out, state, reply(conversation, turnId, actor, List.of(), at.plusMillis(2)), turnId + "-r", at, actor);
      } else {
        String tool = TOOLS.get(turns % TOOLS.size());
        String callId = turnId + "/call-1";
        String arguments = "{\"loan_id\":\"L00" + turn + "\"}";
        String result = "{\"loan_id\":\"L00" + turn + "\",\"status\":\"Active\",\"days_past_due\":0,\"balance\":30000.00,"
            + "\"next_payment_due\":\"2026-12-15\",\"analysis_date\":\"2026-11-25\"}";
        append(out, state, model(conversation, turnId, 0, ModelDecision.TOOL_CALLS, at.plusMillis(1)), turnId + "-m0",
            at, actor);
        append(out, state, ToolCallRequested.newBuilder().setEventId(turnId + "-c").setConversationId(conversation)
            .setTurnId(turnId).setCallId(callId).setRound(1).setTool(tool).setArgumentsJson(arguments).setActor(actor)
            .setTraceId(null).setRequestedAt(at.plusMillis(2)).setDeadlineAt(at.plusSeconds(30)).build(),
            turnId + "-c", at, actor);
        append(out, state, progress(conversation, turnId, callId, tool, ProgressStatus.STARTED, at), turnId + "-p1", at,
            actor);
        append(out, state, ToolCallCompleted.newBuilder().setEventId(turnId + "-d").setConversationId(conversation)
            .setTurnId(turnId).setCallId(callId).setTool(tool).setToolVersion("1").setOutcome(ToolOutcome.OK)
            .setResultJson(result).setErrorMessage(null).setWorkerId("w-1").setDurationMicros(800 + (turns * 131L) % 9000)
            .setTraceId(null).setCompletedAt(at.plusMillis(12)).build(), turnId + "-d", at, actor);
        append(out, state, progress(conversation, turnId, callId, tool, ProgressStatus.COMPLETED, at), turnId + "-p2", at,
            actor);
        append(out, state, model(conversation, turnId, 1, ModelDecision.ANSWER, at.plusMillis(14)), turnId + "-m1", at,
            actor);
        append(out, state, reply(conversation, turnId, actor,
            List.of(new ToolCallSummary(callId, tool, arguments, ToolOutcome.OK, result)), at.plusMillis(15)),
            turnId + "-r", at, actor);
      }
      at = at.plusSeconds(90);
    }
    for (OutboundRecord record : out) {
      producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value()),
          (metadata, error) -> {
            if (error != null) {
              failedSends.incrementAndGet();
            }
          });
    }
    written += out.size();
  }

  private void append(List<OutboundRecord> out, ConversationState state, SpecificRecord event, String eventId, Instant at,
      Actor actor) {
    out.add(trail.append(state, event, eventId, at, actor, null, Map.of()));
  }

  private static ModelInvoked model(String conversation, String turnId, int round, ModelDecision decision, Instant at) {
    return ModelInvoked.newBuilder().setEventId(turnId + "-m" + round).setConversationId(conversation).setTurnId(turnId)
        .setRound(round).setModel("offline-planner-v1").setPromptDigest("0".repeat(64)).setMessageCount(1 + 2 * round)
        .setNewMessagesJson("[{\"role\":\"user\",\"content\":\"What is the status of the loan?\"}]")
        .setToolsOffered(TOOLS).setDecision(decision).setDurationMillis(2).setOccurredAt(at).build();
  }

  private static ChatProgress progress(String conversation, String turnId, String callId, String tool,
      ProgressStatus status, Instant at) {
    return ChatProgress.newBuilder().setEventId(turnId + status).setConversationId(conversation).setTurnId(turnId)
        .setUserId("u").setCallId(callId).setTool(tool).setStatus(status).setAt(at).build();
  }

  private static ChatReplyProduced reply(String conversation, String turnId, Actor actor, List<ToolCallSummary> calls,
      Instant at) {
    return ChatReplyProduced.newBuilder().setEventId(turnId + "-r").setConversationId(conversation).setTurnId(turnId)
        .setClientMessageId("c").setUserId(actor.getUserId()).setKind(ReplyKind.ANSWER)
        .setText("Loan L001 is Active, no days past due; next payment due 2026-12-15.").setErrorCode(null)
        .setToolCalls(calls).setTraceId(null).setProducedAt(at).build();
  }
}
