package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.agent.model.AgentModel;
import io.loanofficer.agent.model.ModelRequest;
import io.loanofficer.agent.model.ModelStep;
import io.loanofficer.agent.model.ToolInvocation;
import io.loanofficer.agent.planner.OfflinePlanner;
import io.loanofficer.agent.replay.DriftReplay;
import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.AuditExportEntry;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.audit.ChainVerification;
import io.loanofficer.audit.Transcript;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.infra.audit.AuditExportCli;
import io.loanofficer.projection.auditindex.AuditIndexer;
import io.loanofficer.projection.siem.SiemForwarder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A three-turn conversation over the WebSocket, then replayed from audit.events alone: the examiner's
 * REST replay and the Transcript API show what the user saw (questions, answers, tool calls and
 * their figures), the chain verifies, the SIEM feed has one ECS document per audit record, and
 * today's agent replayed on the recorded tool results shows no drift (a changed agent does). Last,
 * the whole SIEM feed (the gateway's refusals too) is checked against Elastic's ECS reference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(KafkaLane.class)
class AuditReplayEndToEndTest {

  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> QUESTIONS = List.of(
      "Is the collateral sufficient for loan L002?",
      "What's the status of loan L999?",
      "What's the default risk for borrower B001?");

  private RunningSystem system;
  private String conversationId;
  private final List<JsonNode> seen = new ArrayList<>();

  @BeforeAll
  void converse() throws Exception {
    system = new RunningSystem().withToolWorker("worker-1").withOrchestrator().withGateway("gw-1");
    String token = system.devToken("officer-1", "LOAN_OFFICER");
    try (ChatSocket client = ChatSocket.connect(system.gatewayPort(0), token)) {
      for (String question : QUESTIONS) {
        ChatSocket.Turn frames = client.turn(conversationId, question, REPLY_TIMEOUT);
        conversationId = frames.conversationId();
        assertThat(frames.reply().get("type").asString()).isEqualTo("assistant_message");
        seen.add(frames.reply());
      }
    }
  }

  @AfterAll
  void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void theExaminersReplayShowsWhatTheUserSawWithTheChainVerified() throws Exception {
    String examiner = system.devToken("examiner-1", "EXAMINER");
    HttpResponse<String> response = get("/api/audit/conversations/" + conversationId, examiner);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode replay = JsonMapper.shared().readTree(response.body());
    assertThat(replay.get("conversationId").asString()).isEqualTo(conversationId);
    assertThat(replay.get("chainVerified").asBoolean()).isTrue();
    assertThat(replay.has("firstBrokenSeq")).isFalse();
    assertThat(replay.get("records").asInt()).isEqualTo(24);
    JsonNode turns = replay.get("turns");
    assertThat(turns).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode turn = turns.get(i);
      JsonNode ws = seen.get(i);
      assertThat(turn.get("question").asString()).isEqualTo(QUESTIONS.get(i));
      assertThat(turn.get("askedBy").get("userId").asString()).isEqualTo("officer-1");
      assertThat(turn.get("turnId").asString()).isEqualTo(ws.get("turnId").asString());
      assertThat(turn.get("reply").get("text").asString()).isEqualTo(ws.get("text").asString());
      assertThat(turn.get("reply").get("kind").asString()).isEqualTo("ANSWER");
      assertThat(turn.get("modelSteps")).hasSize(2);
      assertThat(turn.get("modelSteps").get(0).get("decision").asString()).isEqualTo("TOOL_CALLS");
      assertThat(turn.get("modelSteps").get(1).get("decision").asString()).isEqualTo("ANSWER");
      JsonNode wsCalls = ws.get("toolCalls");
      assertThat(turn.get("toolCalls")).hasSize(wsCalls.size());
      assertThat(turn.get("reply").get("toolCalls")).hasSize(wsCalls.size());
      for (int c = 0; c < wsCalls.size(); c++) {
        JsonNode call = turn.get("toolCalls").get(c);
        JsonNode replyCall = turn.get("reply").get("toolCalls").get(c);
        JsonNode wsCall = wsCalls.get(c);
        assertThat(call.get("tool").asString()).isEqualTo(wsCall.get("tool").asString());
        assertThat(call.get("arguments")).isEqualTo(wsCall.get("arguments"));
        assertThat(call.get("outcome").asString()).isEqualTo(wsCall.get("outcome").asString());
        assertThat(replyCall.get("tool").asString()).isEqualTo(wsCall.get("tool").asString());
        assertThat(replyCall.get("arguments")).isEqualTo(wsCall.get("arguments"));
        assertThat(replyCall.get("outcome").asString()).isEqualTo(wsCall.get("outcome").asString());
        if (wsCall.has("result")) {
          assertThat(call.get("result")).isEqualTo(wsCall.get("result"));
        }
      }
    }
    // the key figures, as the examiner reads them
    assertThat(turns.get(0).get("toolCalls").get(0).get("result").get("ltv").asDouble()).isEqualTo(0.86);
    assertThat(turns.get(0).get("reply").get("text").asString()).contains("0.86");
    assertThat(turns.get(1).get("toolCalls").get(0).get("outcome").asString()).isEqualTo("not_found");
    assertThat(turns.get(2).get("toolCalls").get(0).get("result").get("risk_score").asDouble()).isEqualTo(0.26);
    assertThat(turns.get(2).get("reply").get("text").asString()).contains("0.26");

    // The Transcript API gives the same turns.
    AuditLog chain = AuditLogReader.forBootstrap(system.bootstrapServers()).read(conversationId);
    Transcript transcript = Transcript.of(conversationId, chain.records());
    JsonNode apiTurns = JsonMapper.shared().readTree(JsonMapper.shared().writeValueAsString(transcript.turns()));
    assertThat(apiTurns).isEqualTo(turns);
    assertThat(transcript.toText()).contains(QUESTIONS.get(0)).contains("evaluateCollateralSufficiency");
  }

  @Test
  void onlyExaminersMayReplay() throws Exception {
    String path = "/api/audit/conversations/" + conversationId;
    assertThat(get(path, system.devToken("officer-1", "LOAN_OFFICER")).statusCode()).isEqualTo(403);
    assertThat(get(path, system.devToken("admin-1", "ADMIN")).statusCode()).isEqualTo(403);
    assertThat(get(path, null).statusCode()).isEqualTo(401);
    assertThat(get(path, "not-a-jwt").statusCode()).isEqualTo(401);
    assertThat(get("/api/audit/conversations/no-such-conversation", system.devToken("examiner-1", "EXAMINER"))
        .statusCode()).isEqualTo(404);
  }

  @Test
  void anExportVerifiesIndependentlyAndEachTamperingBreaksItAtTheSameSeqForBothVerifiers(@TempDir Path dir)
      throws Exception {
    VerifyAuditScript.assumeAvailable();
    File export = dir.resolve("conversation.avro").toFile();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(AuditExportCli.run(new String[] {conversationId, export.getPath(), "--bootstrap", system.bootstrapServers()},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(conversationId + ": 24 records, chain verified\n"
        + "wrote 24 entries of 1 chains to " + export.getPath() + "\n");

    // what any Avro tool sees: every field of every record, in seq order, with where it sits in the log
    List<AuditExportEntry> entries = ExportTampering.entries(export);
    assertThat(entries).extracting(AuditExportEntry::getSeq).containsExactlyElementsOf(LongStream.rangeClosed(1, 24).boxed().toList());
    AuditLog chain = AuditLogReader.forBootstrap(system.bootstrapServers()).read(conversationId);
    for (int i = 0; i < 24; i++) {
      AuditLog.Entry logged = chain.entries().get(i);
      assertThat(entries.get(i).getKey()).isEqualTo(AuditKeys.key(conversationId, i + 1));
      assertThat(entries.get(i).getPartition()).isEqualTo(AuditKeys.partition(conversationId, Topic.AUDIT_EVENTS.partitions()));
      assertThat(entries.get(i).getOffset()).isEqualTo(logged.offset());
      assertThat(entries.get(i).getRecord()).isEqualTo(logged.record());
      assertThat(entries.get(i).getValue()).isEqualTo(ByteBuffer.wrap(logged.stored().value()));
      assertThat(logged.writerFingerprint()).isEqualTo(SchemaNormalization.parsingFingerprint64(AuditRecord.getClassSchema()));
    }

    VerifyAuditScript.Run intact = VerifyAuditScript.run(export.getPath());
    assertThat(intact.out()).as(intact.err()).containsExactly(conversationId + ": verified: 24 records", "verified: 24 records");
    assertThat(intact.exit()).isZero();
    assertThat(ExportTampering.javaVerdict(export, conversationId).verified()).isTrue();
    File rewritten = ExportTampering.copy(export, dir.resolve("copy.avro"));
    assertThat(VerifyAuditScript.run(rewritten.getPath()).exit()).isZero();

    assertBrokenForBoth(ExportTampering.changePayloadByte(export, dir.resolve("payload.avro"), conversationId, 3),
        3, "hash mismatch (record changed)", ChainVerification.Problem.CHANGED);
    assertBrokenForBoth(ExportTampering.remove(export, dir.resolve("removed.avro"), conversationId, 4),
        4, "missing (next present: seq 5)", ChainVerification.Problem.MISSING);
    assertBrokenForBoth(ExportTampering.swap(export, dir.resolve("reordered.avro"), conversationId, 3, 4),
        3, "out of order (listed after seq 4)", ChainVerification.Problem.REORDERED);
    // re-sealed: consistent in itself, so the chain breaks at the next link
    assertBrokenForBoth(ExportTampering.reseal(export, dir.resolve("resealed.avro"), conversationId, 3),
        4, "prevHash mismatch (seq 3 was re-sealed, or this link was altered)", ChainVerification.Problem.PREV_HASH_MISMATCH);
  }

  @Test
  @Order(Integer.MAX_VALUE - 1) // after onlyExaminersMayReplay, whose four refusals are the gateway's chain
  void aLegalHoldExportHoldsEveryChainAndTheVerifierReportsEachOnItsOwn(@TempDir Path dir) throws Exception {
    VerifyAuditScript.assumeAvailable();
    String gatewayChain = AuditKeys.GATEWAY_CHAIN_PREFIX + "gw-1";
    String bootstrap = system.bootstrapServers();
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    File all = dir.resolve("all.avro").toFile();
    assertThat(AuditExportCli.run(new String[] {"--all", all.getPath(), "--bootstrap", bootstrap}, quiet, System.err)).isZero();
    VerifyAuditScript.Run run = VerifyAuditScript.run(all.getPath());
    // two 403 and two 401
    int gatewayRecords = 4;
    assertThat(AuditLogReader.forBootstrap(bootstrap).read(gatewayChain).entries()).hasSize(gatewayRecords);
    assertThat(run.out()).as(run.err()).containsExactlyInAnyOrder(
        conversationId + ": verified: 24 records",
        gatewayChain + ": verified: " + gatewayRecords + " records",
        "verified: " + (24 + gatewayRecords) + " records");
    assertThat(run.out().get(2)).isEqualTo("verified: " + (24 + gatewayRecords) + " records");
    assertThat(run.exit()).isZero();

    // one chain tampered: that chain is broken, the other still verifies
    File tampered = ExportTampering.changePayloadByte(all, dir.resolve("tampered.avro"), conversationId, 3);
    run = VerifyAuditScript.run(tampered.getPath());
    assertThat(run.out()).containsExactlyInAnyOrder(
        conversationId + ": broken at seq 3: hash mismatch (record changed)",
        gatewayChain + ": verified: " + gatewayRecords + " records",
        "broken: 1 of 2 chains");
    assertThat(run.out().get(2)).isEqualTo("broken: 1 of 2 chains");
    assertThat(run.exit()).isEqualTo(1);

    // a time range selects whole chains by their records' occurredAt
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    File range = dir.resolve("range.avro").toFile();
    assertThat(AuditExportCli.run(new String[] {"--from", today.minusDays(1).toString(), "--to", today.plusDays(1).toString(),
        range.getPath(), "--bootstrap", bootstrap},
        quiet, System.err)).isZero();
    assertThat(ExportTampering.entries(range)).hasSameSizeAs(ExportTampering.entries(all));
    File past = dir.resolve("past.avro").toFile();
    assertThat(AuditExportCli.run(new String[] {"--from", "2020-01-01", "--to", "2020-12-31", past.getPath(),
        "--bootstrap", bootstrap}, quiet, quiet)).isEqualTo(1);
    assertThat(past).doesNotExist();
    assertThat(AuditExportCli.run(new String[] {"--from", "yesterday", past.getPath()}, quiet, quiet)).isEqualTo(2);
    assertThat(AuditExportCli.run(new String[] {conversationId}, quiet, quiet)).isEqualTo(2);
  }

  /** The independent verifier names the seq and the reason; the Java verification of the file agrees. */
  private void assertBrokenForBoth(File tampered, long seq, String why, ChainVerification.Problem problem)
      throws Exception {
    VerifyAuditScript.Run run = VerifyAuditScript.run(tampered.getPath());
    assertThat(run.out()).as(tampered.getName() + " " + run.err())
        .containsExactly(conversationId + ": broken at seq " + seq + ": " + why, "broken: 1 of 1 chains");
    assertThat(run.exit()).isEqualTo(1);
    ChainVerification.Result java = ExportTampering.javaVerdict(tampered, conversationId);
    assertThat(java.firstBrokenSeq()).as(tampered.getName() + ": " + java.detail()).isEqualTo(seq);
    assertThat(java.problem()).as(tampered.getName()).isEqualTo(problem);
  }

  @Test
  void theSiemFeedHasOneMaskedEcsDocumentPerAuditRecord() throws Exception {
    Map<String, JsonNode> documents = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < Topic.AUDIT_SIEM.partitions(); p++) {
        partitions.add(new TopicPartition(Topic.AUDIT_SIEM.topicName(), p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      AtomicInteger copies = new AtomicInteger();
      // each look is a 200 ms poll of the feed (in this thread: a consumer is not for other threads)
      await("the 24 SIEM documents of the conversation").pollInSameThread().pollDelay(Duration.ZERO)
          .pollInterval(Duration.ZERO).atMost(Duration.ofSeconds(30))
          .until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
              if (record.key().startsWith(conversationId + "/")) {
                JsonNode doc = JsonMapper.shared().readTree(record.value());
                assertThat(doc.get("event").get("id").asString()).isEqualTo(record.key());
                if (documents.put(record.key(), doc) != null) {
                  copies.incrementAndGet();
                }
              }
            }
            return documents.size() >= 24;
          });
      assertThat(copies).as("exactly once: no document twice").hasValue(0);
    }
    assertThat(documents.keySet()).containsExactlyInAnyOrderElementsOf(
        LongStream.rangeClosed(1, 24).mapToObj(seq -> AuditKeys.key(conversationId, seq)).toList());
    JsonNode first = documents.get(AuditKeys.key(conversationId, 1));
    assertThat(first.get("event").get("action").asString()).isEqualTo("ChatTurnSubmitted");
    assertThat(first.get("event").get("category").get(0).asString()).isEqualTo("session");
    assertThat(first.get("event").get("type").get(0).asString()).isEqualTo("start");
    assertThat(first.get("event").get("kind").asString()).isEqualTo("event");
    assertThat(first.get("user").get("id").asString()).isEqualTo("officer-1");
    assertThat(first.get("user").get("roles").get(0).asString()).isEqualTo("LOAN_OFFICER");
    assertThat(first.get("labels").get("conversation_id").asString()).isEqualTo(conversationId);
    assertThat(first.get("labels").get("seq").asString()).isEqualTo("1");
    assertThat(first.get("trace").get("id").asString()).hasSize(32);
    assertThat(first.get("loanofficer").get("audit").get("prev_hash").asString()).isEqualTo(AuditKeys.GENESIS_HASH);
    assertThat(first.get("message").asString()).isEqualTo(QUESTIONS.get(0));
    JsonNode notFound = documents.values().stream()
        .filter(d -> d.get("event").get("action").asString().equals("ToolCallCompleted")
            && d.get("event").get("outcome").asString().equals("failure"))
        .findFirst().orElseThrow();
    assertThat(notFound.get("error").get("code").asString()).isEqualTo("NOT_FOUND");
    assertThat(notFound.get("loanofficer").get("gen_ai").get("tool").get("name").asString()).isEqualTo("getLoanStatus");
    // no tool result and no answer text leaves for the SIEM
    assertThat(documents.values()).noneMatch(d -> d.toString().contains("ltv") || d.toString().contains("risk_score"));
  }

  /**
   * The projections run in the orchestrator alone: the gateway and the tool worker share this JVM's
   * classpath (and so the projections' auto-configuration) but not the orchestrator's yml that turns it on.
   */
  @Test
  void onlyTheOrchestratorRunsTheAuditProjections() throws Exception {
    system.awaitGroup(SiemForwarder.GROUP_ID, 1);
    system.awaitGroup(AuditIndexer.GROUP_ID, 1);
  }

  @Test
  void theOrchestratorIndexesTheConversationAndAReplaySeeksThroughTheIndex() throws Exception {
    AuditLogReader reader = AuditLogReader.forBootstrap(system.bootstrapServers());
    AuditLog scanned = reader.scan(conversationId);
    int partition = AuditKeys.partition(conversationId, Topic.AUDIT_EVENTS.partitions());
    io.loanofficer.events.AuditIndexEntry entry = await("the audit indexer indexed the conversation")
        .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
      io.loanofficer.audit.AuditIndex.PartitionState index = new io.loanofficer.audit.AuditIndex.PartitionState(partition);
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
          new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
        TopicPartition tp = new TopicPartition(Topic.AUDIT_INDEX.topicName(), partition);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        while (consumer.position(tp) < end) {
          consumer.poll(Duration.ofMillis(100)).forEach(index::apply);
        }
      }
      return index.entry(conversationId);
    }, indexed -> indexed != null && indexed.getRecords() == scanned.entries().size());
    assertThat(entry.getHeadSeq()).isEqualTo(scanned.entries().size());
    AuditLogReader.Replay replay = reader.replay(conversationId);
    assertThat(replay.method()).isEqualTo(AuditLogReader.Method.INDEX);
    assertThat(replay.log()).isEqualTo(scanned);
    assertThat(replay.log().verify().verified()).isTrue();
  }

  @Test
  @Order(Integer.MAX_VALUE) // after the other tests, whose refused requests are audited too
  void everyDocumentOfTheSiemFeedIsValidEcs() {
    SiemFeed.Check feed = SiemFeed.check(system.bootstrapServers(), Duration.ofSeconds(30));
    System.out.println("AuditReplayEndToEndTest SIEM feed: " + feed);
    // the conversation's 24, and the gateway's 4 refusals of onlyExaminersMayReplay (two 403, two 401)
    assertThat(feed.auditKeys()).hasSize(28);
    assertThat(feed.documents().keySet()).as("one document per audit record")
        .containsExactlyInAnyOrderElementsOf(feed.auditKeys());
    assertThat(feed.copies()).isZero();
    assertThat(feed.report().violations()).as(feed.toString()).isEmpty();
    assertThat(feed.report().documents()).isEqualTo(28);
  }

  @Test
  void todaysAgentOnTheRecordedResultsShowsNoDriftAndAChangedAgentDoes() {
    AuditLog chain = AuditLogReader.forBootstrap(system.bootstrapServers()).read(conversationId);
    DriftReplay.Report same = new DriftReplay(new OfflinePlanner()).replay(conversationId, chain.records());
    assertThat(same.turns()).hasSize(3);
    assertThat(same.drifted()).as(same.toText()).isFalse();

    // An agent that now asks for the non-accrual risk where it asked for the default risk.
    OfflinePlanner planner = new OfflinePlanner();
    AgentModel changed = new AgentModel() {
      @Override
      public ModelStep next(ModelRequest request) {
        ModelStep step = planner.next(request);
        if (step instanceof ModelStep.CallTools calls) {
          return new ModelStep.CallTools(calls.calls().stream()
              .map(c -> c.tool().equals("getBorrowerDefaultRisk")
                  ? new ToolInvocation(c.callId(), "getBorrowerNonAccrualRisk", c.argumentsJson()) : c)
              .toList());
        }
        return step;
      }

      @Override
      public String modelName() {
        return "changed-planner";
      }
    };
    DriftReplay.Report drift = new DriftReplay(changed).replay(conversationId, chain.records());
    assertThat(drift.drifted()).isTrue();
    assertThat(drift.turns().get(0).drifted()).isFalse();
    assertThat(drift.turns().get(1).drifted()).isFalse();
    DriftReplay.TurnDrift third = drift.turns().get(2);
    assertThat(third.callsDiffer()).isTrue();
    assertThat(third.callsNotInRecording()).extracting(DriftReplay.Call::tool).containsExactly("getBorrowerNonAccrualRisk");
    assertThat(third.answerDiffers()).isTrue();
    assertThat(drift.toText()).contains("DRIFT in tool calls").contains("getBorrowerNonAccrualRisk");
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return system.get(0, path, token);
  }
}
