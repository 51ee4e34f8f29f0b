package io.loanofficer.gateway.examiner;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.topics.Topic;
import io.loanofficer.gateway.testing.Events;
import io.loanofficer.gateway.testing.GatewayTest;
import io.loanofficer.gateway.testing.KafkaTopics;
import io.loanofficer.gateway.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The examiners' REST API and its OpenAPI description. */
@GatewayTest
class ExaminerApiTest {

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

  @Test
  void onlyExaminersMayReadConversations() throws Exception {
    assertThat(get("/api/examiner/conversations", null).statusCode()).isEqualTo(401);
    for (String role : new String[] {"LOAN_OFFICER", "CREDIT_ANALYST", "ADMIN"}) {
      assertThat(get("/api/examiner/conversations", TestTokens.valid("someone", role)).statusCode()).as(role).isEqualTo(403);
      assertThat(get("/api/examiner/conversations/x", TestTokens.valid("someone", role)).statusCode()).as(role).isEqualTo(403);
    }
  }

  @Test
  void anExaminerListsConversationsAndReadsATranscriptInOrderWithToolCalls() throws Exception {
    String conversationId = "conv-" + UUID.randomUUID();
    Instant t0 = Instant.parse("2026-11-25T09:00:00Z");
    try (Events events = new Events(kafka.bootstrapServers())) {
      events.send(Topic.CHAT_TURNS, conversationId, Events.turn(conversationId, "t1", "officer-7", "Is the collateral sufficient for loan L002?", t0));
      events.send(Topic.CHAT_REPLIES, conversationId, Events.answer(conversationId, "t1", "officer-7", "No: LTV 0.86.", t0.plusSeconds(2)));
      events.send(Topic.CHAT_TURNS, conversationId, Events.turn(conversationId, "t2", "officer-7", "And L001?", t0.plusSeconds(60)));
    }
    String examiner = TestTokens.valid("examiner-1", "EXAMINER");

    HttpResponse<String> list = get("/api/examiner/conversations", examiner);
    assertThat(list.statusCode()).isEqualTo(200);
    JsonNode summary = null;
    for (JsonNode entry : JsonMapper.shared().readTree(list.body())) {
      if (entry.get("conversationId").asString().equals(conversationId)) {
        summary = entry;
      }
    }
    assertThat(summary).as("listed: %s", list.body()).isNotNull();
    assertThat(summary.get("owner").asString()).isEqualTo("officer-7");
    assertThat(summary.get("turnCount").asInt()).isEqualTo(2);
    assertThat(Instant.parse(summary.get("firstAt").asString())).isEqualTo(t0);
    assertThat(Instant.parse(summary.get("lastAt").asString())).isEqualTo(t0.plusSeconds(60));

    HttpResponse<String> one = get("/api/examiner/conversations/" + conversationId, examiner);
    assertThat(one.statusCode()).isEqualTo(200);
    JsonNode transcript = JsonMapper.shared().readTree(one.body());
    assertThat(transcript.get("owner").asString()).isEqualTo("officer-7");
    JsonNode turns = transcript.get("turns");
    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).get("question").asString()).isEqualTo("Is the collateral sufficient for loan L002?");
    assertThat(turns.get(0).get("askedBy").asString()).isEqualTo("officer-7");
    JsonNode reply = turns.get(0).get("reply");
    assertThat(reply.get("kind").asString()).isEqualTo("ANSWER");
    assertThat(reply.get("text").asString()).isEqualTo("No: LTV 0.86.");
    JsonNode call = reply.get("toolCalls").get(0);
    assertThat(call.get("tool").asString()).isEqualTo("evaluateCollateralSufficiency");
    assertThat(call.get("arguments").get("loan_id").asString()).isEqualTo("L002");
    assertThat(call.get("outcome").asString()).isEqualTo("ok");
    assertThat(call.get("result").get("ltv").asDouble()).isEqualTo(0.86);
    assertThat(turns.get(1).get("question").asString()).isEqualTo("And L001?");
    assertThat(turns.get(1).get("reply").isNull()).isTrue();
  }

  @Test
  void anUnknownConversationIs404AndAMalformedId400() throws Exception {
    String examiner = TestTokens.valid("examiner-1", "EXAMINER");
    assertThat(get("/api/examiner/conversations/no-such-conversation", examiner).statusCode()).isEqualTo(404);
    assertThat(get("/api/examiner/conversations/bad%20id", examiner).statusCode()).isEqualTo(400);
  }

  @Test
  void theOpenApiDescriptionDescribesTheExaminerApisIncludingAuditReplay() throws Exception {
    HttpResponse<String> docs = get("/v3/api-docs", null);
    assertThat(docs.statusCode()).isEqualTo(200);
    JsonNode paths = JsonMapper.shared().readTree(docs.body()).get("paths");
    assertThat(paths.has("/api/examiner/conversations")).isTrue();
    assertThat(paths.has("/api/examiner/conversations/{conversationId}")).isTrue();
    assertThat(paths.has("/api/audit/conversations/{id}")).isTrue();
  }
}
