package io.loanofficer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.chatclient.ChatSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gateway instances on one Kafka: each answers its own clients, a client that reconnects to the
 * other instance resumes its conversation there, and an examiner finds it and replays it from the
 * audit topic.
 */
@ExtendWith(KafkaLane.class)
class TwoGatewaysEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static RunningSystem system;

  @BeforeAll
  static void start() {
    system = TwoGatewaySystem.get();
  }

  /** Frames until the turn's final frame (assistant_message or error); returns them all. */
  private static List<JsonNode> untilFinal(ChatSocket client) throws InterruptedException {
    List<JsonNode> frames = new ArrayList<>();
    while (true) {
      JsonNode frame = client.next(WAIT);
      frames.add(frame);
      String type = frame.get("type").asString();
      if (type.equals("assistant_message") || (type.equals("error") && frame.has("turnId"))) {
        return frames;
      }
    }
  }

  @Test
  void eachGatewayAnswersItsOwnClientsAtTheSameTime() throws Exception {
    try (ChatSocket officer = ChatSocket.connect(system.gatewayPort(0), system.devToken("officer-1", "LOAN_OFFICER"));
        ChatSocket analyst = ChatSocket.connect(system.gatewayPort(1), system.devToken("analyst-1", "CREDIT_ANALYST"))) {
      officer.ask(null, "Is the collateral sufficient for loan L002?");
      analyst.ask(null, "What's the default risk for borrower B001?");
      List<JsonNode> onFirst = untilFinal(officer);
      List<JsonNode> onSecond = untilFinal(analyst);

      assertThat(onFirst.get(0).get("type").asString()).isEqualTo("accepted");
      JsonNode collateral = onFirst.get(onFirst.size() - 1);
      assertThat(collateral.get("type").asString()).isEqualTo("assistant_message");
      assertThat(collateral.get("text").asString()).contains("0.86");

      assertThat(onSecond.get(0).get("type").asString()).isEqualTo("accepted");
      JsonNode risk = onSecond.get(onSecond.size() - 1);
      assertThat(risk.get("type").asString()).isEqualTo("assistant_message");
      assertThat(risk.get("toolCalls").get(0).get("result").get("risk_score").asDouble()).isEqualTo(0.26);

      assertThat(officer.drain(Duration.ofMillis(500))).as("nothing of the analyst's turn reaches the officer").isEmpty();
      assertThat(analyst.drain(Duration.ofMillis(100))).isEmpty();
    }
  }

  /**
   * A question accepted by the first gateway whose socket went before its accepted frame came: the
   * client, not knowing, resends it on the other gateway, twice. It is one turn, answered by the
   * orchestrator once, and each resend gets that turn's accepted frame and its answer.
   */
  @Test
  void aQuestionResentOnTheOtherGatewayIsOneTurnWithOneFinalReply() throws Exception {
    String token = system.devToken("officer-3", "LOAN_OFFICER");
    String clientMessageId = "resend-" + java.util.UUID.randomUUID();
    String conversationId;
    try (ChatSocket first = ChatSocket.connect(system.gatewayPort(0), token)) {
      first.ask(null, "Is the collateral sufficient for loan L002?");
      conversationId = untilFinal(first).get(0).get("conversationId").asString();
      first.ask(conversationId, "What's the status of loan L001?", clientMessageId);
    } // gone before its accepted frame could be read
    io.loanofficer.infra.invariants.InvariantChecker topics =
        new io.loanofficer.infra.invariants.InvariantChecker(system.bootstrapServers(), WAIT);
    await("the first gateway published the turn").atMost(WAIT).pollInterval(Duration.ofMillis(200))
        .until(() -> !topics.trace(List.of(clientMessageId)).isEmpty());

    String turnId = null;
    for (int resend = 1; resend <= 2; resend++) {
      try (ChatSocket again = ChatSocket.connect(system.gatewayPort(1), token)) {
        again.resend(conversationId, "What's the status of loan L001?", clientMessageId);
        JsonNode accepted = null;
        JsonNode answer = null;
        while (accepted == null || answer == null) { // the answer may also come live, before the accepted frame
          JsonNode frame = again.next(WAIT);
          switch (frame.get("type").asString()) {
            case "accepted" -> accepted = frame;
            case "progress" -> { }
            default -> answer = frame;
          }
        }
        assertThat(accepted.get("clientMessageId").asString()).isEqualTo(clientMessageId);
        assertThat(answer.get("type").asString()).isEqualTo("assistant_message");
        assertThat(answer.get("turnId").asString()).isEqualTo(accepted.get("turnId").asString());
        if (turnId == null) {
          turnId = accepted.get("turnId").asString();
        }
        assertThat(accepted.get("turnId").asString()).as("resend " + resend).isEqualTo(turnId);
      }
    }
    List<io.loanofficer.infra.invariants.InvariantChecker.TurnTrace> traces = await("the turn's final reply on the topics")
        .atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
        .until(() -> topics.trace(List.of(clientMessageId)), t -> t.size() != 1 || t.get(0).finalReplies() != 0);
    assertThat(traces).hasSize(1);
    assertThat(traces.get(0).turnId()).isEqualTo(turnId);
    assertThat(traces.get(0).conversationId()).isEqualTo(conversationId);
    assertThat(traces.get(0).finalKind()).isEqualTo("ANSWER");
    assertThat(traces.get(0).finalReplies()).isEqualTo(1);
  }

  @Test
  void aClientThatReconnectsToTheOtherGatewayResumesItsConversation() throws Exception {
    String token = system.devToken("officer-1", "LOAN_OFFICER");
    String conversationId;
    String turnId;
    try (ChatSocket first = ChatSocket.connect(system.gatewayPort(0), token)) {
      first.ask(null, "Is the collateral sufficient for loan L002?");
      JsonNode accepted = first.next(WAIT);
      assertThat(accepted.get("type").asString()).isEqualTo("accepted");
      conversationId = accepted.get("conversationId").asString();
      turnId = accepted.get("turnId").asString();
    } // the socket drops before (or while) the answer comes

    try (ChatSocket second = ChatSocket.connect(system.gatewayPort(1), token)) {
      second.resume(conversationId);
      // Live frames of the conversation may come before the history (the socket is attached first).
      JsonNode history = null;
      JsonNode liveAnswer = null;
      while (history == null) {
        JsonNode frame = second.next(WAIT);
        switch (frame.get("type").asString()) {
          case "history" -> history = frame;
          case "assistant_message" -> liveAnswer = frame;
          default -> assertThat(frame.get("type").asString()).isEqualTo("progress");
        }
      }
      assertThat(history.get("conversationId").asString()).isEqualTo(conversationId);
      JsonNode messages = history.get("messages");
      assertThat(messages.get(0).get("type").asString()).isEqualTo("user_message");
      assertThat(messages.get(0).get("turnId").asString()).isEqualTo(turnId);
      assertThat(messages.get(0).get("text").asString()).isEqualTo("Is the collateral sufficient for loan L002?");

      // The answer is in the history when it came before the resume, else it arrives live on this socket.
      JsonNode answer = messages.size() > 1 ? messages.get(1) : liveAnswer != null ? liveAnswer : nextFinal(second);
      assertThat(answer.get("type").asString()).isEqualTo("assistant_message");
      assertThat(answer.get("turnId").asString()).isEqualTo(turnId);
      assertThat(answer.get("text").asString()).contains("0.86");

      // ... and the conversation goes on through the second gateway.
      second.drain(Duration.ofMillis(300));
      second.ask(conversationId, "What's the status of loan L001?");
      List<JsonNode> next = untilFinal(second);
      assertThat(next.get(0).get("conversationId").asString()).isEqualTo(conversationId);
      assertThat(next.get(next.size() - 1).get("type").asString()).isEqualTo("assistant_message");
    }

    // Nobody else may resume it.
    try (ChatSocket other = ChatSocket.connect(system.gatewayPort(1), system.devToken("officer-2", "LOAN_OFFICER"))) {
      other.resume(conversationId);
      JsonNode refused = other.next(WAIT);
      assertThat(refused.get("type").asString()).isEqualTo("error");
      assertThat(refused.get("code").asString()).isEqualTo("FORBIDDEN");
    }

    // An examiner finds it in the list on one gateway and replays it, chain verified, on the other.
    String examiner = system.devToken("examiner-1", "EXAMINER");
    JsonNode listed = null;
    for (JsonNode entry : examinerGet(1, "/api/examiner/conversations", examiner)) {
      if (entry.get("conversationId").asString().equals(conversationId)) {
        listed = entry;
      }
    }
    assertThat(listed).as("listed on gw-2").isNotNull();
    assertThat(listed.get("owner").asString()).isEqualTo("officer-1");
    assertThat(listed.get("turnCount").asInt()).isEqualTo(2);
    assertThat(listed.get("replay").asString()).isEqualTo("/api/audit/conversations/" + conversationId);
    JsonNode replay = examinerGet(0, "/api/examiner/conversations/" + conversationId, examiner);
    assertThat(replay.get("chainVerified").asBoolean()).isTrue();
    assertThat(examinerGet(1, listed.get("replay").asString(), examiner)).as("the same replay").isEqualTo(replay);
    JsonNode turns = replay.get("turns");
    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).get("turnId").asString()).isEqualTo(turnId);
    assertThat(turns.get(0).get("askedBy").get("userId").asString()).isEqualTo("officer-1");
    assertThat(turns.get(0).get("gatewayInstance").asString()).isEqualTo("gw-1");
    assertThat(turns.get(0).get("question").asString()).isEqualTo("Is the collateral sufficient for loan L002?");
    assertThat(turns.get(0).get("reply").get("toolCalls").get(0).get("tool").asString())
        .isEqualTo("evaluateCollateralSufficiency");
    assertThat(turns.get(0).get("reply").get("text").asString()).contains("0.86");
    assertThat(turns.get(1).get("askedBy").get("userId").asString()).isEqualTo("officer-1");
    assertThat(turns.get(1).get("gatewayInstance").asString()).isEqualTo("gw-2");
    assertThat(turns.get(1).get("question").asString()).isEqualTo("What's the status of loan L001?");
    assertThat(turns.get(1).get("reply").get("kind").asString()).isEqualTo("ANSWER");
  }

  /** GET on gateway {@code index} as an examiner; 200 expected. */
  private static JsonNode examinerGet(int index, String path, String token) throws Exception {
    HttpResponse<String> response = system.get(index, path, token);
    assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
    return JsonMapper.shared().readTree(response.body());
  }

  private static JsonNode nextFinal(ChatSocket client) throws InterruptedException {
    List<JsonNode> frames = untilFinal(client);
    return frames.get(frames.size() - 1);
  }
}
