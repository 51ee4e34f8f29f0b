package io.loanofficer.gateway.examiner;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.AccessRefused;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.RefusalKind;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.gateway.testing.Events;
import io.loanofficer.gateway.testing.Events.Audited;
import io.loanofficer.gateway.testing.GatewayTest;
import io.loanofficer.gateway.testing.KafkaTopics;
import io.loanofficer.gateway.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The examiners' REST API on audit.events (list and replay) and its OpenAPI description. */
@GatewayTest
class ExaminerApiTest {

  private static final String EXAMINER = TestTokens.valid("examiner-1", "EXAMINER");

  @LocalServerPort
  int port;

  @Autowired
  KafkaTopics.Provisioned kafka;

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = get(path, EXAMINER);
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JsonMapper.shared().readTree(response.body());
  }

  @Test
  void onlyExaminersMayListOrReadConversations() throws Exception {
    for (String path : new String[] {"/api/examiner/conversations", "/api/examiner/conversations/x",
        "/api/audit/conversations/x", "/api/examiner/report?from=2026-11-25&to=2026-11-25"}) {
      assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
      assertThat(get(path, "not-a-jwt").statusCode()).as(path).isEqualTo(401);
      for (String role : new String[] {"LOAN_OFFICER", "CREDIT_ANALYST", "ADMIN"}) {
        assertThat(get(path, TestTokens.valid("someone", role)).statusCode()).as(path + " " + role).isEqualTo(403);
      }
    }
  }

  @Test
  void theReportRefusesABadRangeWithTheReason() throws Exception {
    Map<String, String> bad = Map.of(
        "/api/examiner/report?from=2026-11-25&to=2026-11-24", "to (2026-11-24) is before from (2026-11-25)",
        "/api/examiner/report?from=2026-11-25", "to is required (YYYY-MM-DD)",
        "/api/examiner/report?from=25.11.2026&to=2026-11-25", "from is not a date YYYY-MM-DD: 25.11.2026",
        "/api/examiner/report?from=2024-01-01&to=2025-01-01", "at most 366 days in one report");
    for (Map.Entry<String, String> request : bad.entrySet()) {
      HttpResponse<String> response = get(request.getKey(), EXAMINER);
      assertThat(response.statusCode()).as(request.getKey()).isEqualTo(400);
      JsonNode body = JsonMapper.shared().readTree(response.body());
      assertThat(body.get("code").asString()).isEqualTo("INVALID_ARGUMENT");
      assertThat(body.get("message").asString()).isEqualTo(request.getValue());
    }
  }

  @Test
  void anExaminerListsRecentConversationsFromTheAuditTopicAndReplaysOneThroughEitherPath() throws Exception {
    String older = "conv-" + UUID.randomUUID();
    String newer = "conv-" + UUID.randomUUID();
    String erased = "conv-" + UUID.randomUUID();
    String gatewayChain = AuditKeys.GATEWAY_CHAIN_PREFIX + "gw-" + UUID.randomUUID();
    Instant t0 = Instant.parse("2026-11-25T09:00:00Z");
    ChatTurnSubmitted first = Events.turn(older, "t1", "officer-7", "Is the collateral sufficient for loan L002?", t0);
    ToolCallRequested request = Events.toolRequested(first, t0.plusMillis(800));
    ToolCallCompleted result = Events.toolCompleted(request, t0.plusMillis(1200));
    ChatReplyProduced answer = Events.answer(older, "t1", "officer-7", "No: LTV 0.86.", t0.plusSeconds(2));
    ChatTurnSubmitted second = Events.turn(older, "t2", "officer-7", "And L001?", t0.plusSeconds(60));
    // the newer conversation: a turn of another user comes after the owner's (the orchestrator refuses it)
    ChatTurnSubmitted analysts = Events.turn(newer, "t1", "analyst-2", "Default risk of B001?", t0.plusSeconds(120));
    ChatTurnSubmitted intruders = Events.turn(newer, "t2", "officer-9", "And mine?", t0.plusSeconds(130));
    ChatReplyProduced refusal = ChatReplyProduced.newBuilder(Events.answer(newer, "t2", "officer-9",
        "This conversation belongs to another user.", t0.plusSeconds(131)))
        .setKind(ReplyKind.ERROR).setErrorCode("FORBIDDEN").setToolCalls(List.of()).build();
    AccessRefused refused = AccessRefused.newBuilder().setEventId(UUID.randomUUID().toString())
        .setGatewayInstance(gatewayChain).setKind(RefusalKind.AUTHENTICATION).setCode("401").setReason("no token")
        .setPath("/api").setUserRef(null).setOccurredAt(t0.plusSeconds(200)).build();
    try (Events events = new Events(kafka.bootstrapServers())) {
      events.auditChain(older,
          new Audited(first, t0, first.getActor()),
          new Audited(request, t0.plusMillis(800), first.getActor()),
          new Audited(result, t0.plusMillis(1200), first.getActor()),
          new Audited(answer, t0.plusSeconds(2), first.getActor()),
          new Audited(second, t0.plusSeconds(60), second.getActor()));
      events.auditChain(newer,
          new Audited(analysts, t0.plusSeconds(120), analysts.getActor()),
          new Audited(intruders, t0.plusSeconds(130), intruders.getActor()),
          new Audited(refusal, t0.plusSeconds(131), intruders.getActor()));
      events.auditChain(gatewayChain, new Audited(refused, t0.plusSeconds(200), null));
      events.eraseAudit(erased, 1);
    }

    JsonNode list = getJson("/api/examiner/conversations");
    List<String> ids = new ArrayList<>();
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode entry : list) {
      ids.add(entry.get("conversationId").asString());
      byId.put(entry.get("conversationId").asString(), entry);
    }
    assertThat(ids).as("listed: %s", list).contains(older, newer).doesNotContain(erased, gatewayChain)
        .noneMatch(AuditKeys::isGatewayChain);
    assertThat(ids.indexOf(newer)).as("newest activity first").isLessThan(ids.indexOf(older));
    JsonNode summary = byId.get(older);
    assertThat(summary.get("owner").asString()).isEqualTo("officer-7");
    assertThat(summary.get("turnCount").asInt()).isEqualTo(2);
    assertThat(Instant.parse(summary.get("firstAt").asString())).isEqualTo(t0);
    assertThat(Instant.parse(summary.get("lastAt").asString())).isEqualTo(t0.plusSeconds(60));
    assertThat(summary.get("replay").asString()).isEqualTo("/api/audit/conversations/" + older);
    JsonNode other = byId.get(newer);
    assertThat(other.get("owner").asString()).as("the user of the first turn").isEqualTo("analyst-2");
    assertThat(other.get("turnCount").asInt()).isEqualTo(2);
    assertThat(Instant.parse(other.get("firstAt").asString())).isEqualTo(t0.plusSeconds(120));
    assertThat(Instant.parse(other.get("lastAt").asString())).isEqualTo(t0.plusSeconds(131));
    assertThat(other.get("replay").asString()).isEqualTo("/api/audit/conversations/" + newer);

    // the examiners' path is the audit replay itself
    JsonNode replay = getJson(summary.get("replay").asString());
    assertThat(getJson("/api/examiner/conversations/" + older)).isEqualTo(replay);
    assertThat(replay.get("conversationId").asString()).isEqualTo(older);
    assertThat(replay.get("chainVerified").asBoolean()).isTrue();
    assertThat(replay.has("firstBrokenSeq")).isFalse();
    assertThat(replay.get("records").asInt()).isEqualTo(5);
    JsonNode turns = replay.get("turns");
    assertThat(turns).hasSize(2);
    JsonNode turn = turns.get(0);
    assertThat(turn.get("turnId").asString()).isEqualTo("t1");
    assertThat(turn.get("seq").asLong()).isEqualTo(1);
    assertThat(turn.get("question").asString()).isEqualTo("Is the collateral sufficient for loan L002?");
    assertThat(turn.get("askedBy").get("userId").asString()).isEqualTo("officer-7");
    assertThat(Instant.parse(turn.get("askedAt").asString())).isEqualTo(t0);
    JsonNode call = turn.get("toolCalls").get(0);
    assertThat(call.get("tool").asString()).isEqualTo("evaluateCollateralSufficiency");
    assertThat(call.get("arguments").get("loan_id").asString()).isEqualTo("L002");
    assertThat(call.get("outcome").asString()).isEqualTo("ok");
    assertThat(call.get("result").get("ltv").asDouble()).isEqualTo(0.86);
    assertThat(call.get("requestedSeq").asLong()).isEqualTo(2);
    assertThat(call.get("completedSeq").asLong()).isEqualTo(3);
    JsonNode reply = turn.get("reply");
    assertThat(reply.get("seq").asLong()).isEqualTo(4);
    assertThat(reply.get("kind").asString()).isEqualTo("ANSWER");
    assertThat(reply.get("text").asString()).isEqualTo("No: LTV 0.86.");
    assertThat(reply.get("toolCalls").get(0).get("tool").asString()).isEqualTo("evaluateCollateralSufficiency");
    assertThat(turns.get(1).get("question").asString()).isEqualTo("And L001?");
    assertThat(turns.get(1).get("seq").asLong()).isEqualTo(5);
    assertThat(turns.get(1).get("reply").isNull()).as("not answered yet").isTrue();
  }

  @Test
  void anUnknownConversationIs404AndAMalformedId400() throws Exception {
    for (String path : new String[] {"/api/examiner/conversations/", "/api/audit/conversations/"}) {
      assertThat(get(path + "no-such-conversation", EXAMINER).statusCode()).as(path).isEqualTo(404);
      assertThat(get(path + "bad%20id", EXAMINER).statusCode()).as(path).isEqualTo(400);
      assertThat(get(path + "x".repeat(65), EXAMINER).statusCode()).as(path).isEqualTo(400);
    }
  }

  @Test
  void theOpenApiDescriptionDescribesTheListAsRecentActivityAndTheReplayUnderBothPaths() throws Exception {
    HttpResponse<String> docs = get("/v3/api-docs", null);
    assertThat(docs.statusCode()).isEqualTo(200);
    JsonNode paths = JsonMapper.shared().readTree(docs.body()).get("paths");
    assertThat(paths.has("/api/examiner/conversations")).isTrue();
    assertThat(paths.has("/api/examiner/conversations/{id}")).isTrue();
    assertThat(paths.has("/api/audit/conversations/{id}")).isTrue();
    assertThat(paths.get("/api/examiner/conversations").get("get").get("description").asString())
        .contains("recent activity").contains("however old, is replayed by id");
    // the PII reveal API is described with all its outcomes
    assertThat(paths.get("/api/pii/reveal").get("post").get("responses").propertyNames())
        .containsExactlyInAnyOrder("200", "400", "401", "403", "404", "429", "503");
    assertThat(paths.has("/api/pii/policy")).isTrue();
  }
}
