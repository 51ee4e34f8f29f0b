package io.loanofficer.gateway.limits;

import static io.loanofficer.gateway.testing.GatewayUnderTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.gateway.testing.Events;
import io.loanofficer.gateway.testing.GatewayTest;
import io.loanofficer.gateway.testing.GatewayUnderTest;
import io.loanofficer.gateway.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Each limit answers with its v1 error code (or refuses the upgrade) and is counted. */
@GatewayTest
class ChatLimitsTest {

  @Autowired
  GatewayUnderTest gateway;

  @Autowired
  MeterRegistry meters;

  private double rejections(Limit limit) {
    return meters.counter(LimitRecorder.METER, "limit", limit.tag()).count();
  }

  @Test
  void framesBeyondTheUsersRateAreRateLimited() throws Exception {
    double before = rejections(Limit.RATE);
    try (ChatSocket socket = gateway.connect("rate-user", "LOAN_OFFICER")) {
      for (int i = 0; i < 8; i++) {
        socket.sendRaw("{\"type\":\"ping\",\"clientMessageId\":\"p-" + i + "\"}");
        assertThat(socket.next(WAIT).get("code").asString()).as("frame %d", i).isEqualTo("INVALID_MESSAGE");
      }
      String id = socket.ask(null, "Show me all active loans");
      JsonNode limited = socket.next(WAIT);
      assertThat(limited.get("code").asString()).isEqualTo("RATE_LIMITED");
      assertThat(limited.get("clientMessageId").asString()).isEqualTo(id);
      assertThat(limited.get("message").asString()).contains("try again in");
      assertThat(socket.isOpen()).isTrue();
    }
    // the limit is per user, over all of the user's sockets
    try (ChatSocket again = gateway.connect("rate-user", "LOAN_OFFICER")) {
      again.sendRaw("{\"type\":\"ping\"}");
      assertThat(again.next(WAIT).get("code").asString()).isEqualTo("RATE_LIMITED");
    }
    assertThat(rejections(Limit.RATE)).isEqualTo(before + 2);
  }

  @Test
  void aFrameOverTheMaximumSizeIsTooLarge() throws Exception {
    double before = rejections(Limit.FRAME_SIZE);
    try (ChatSocket socket = gateway.connect("size-user", "LOAN_OFFICER")) {
      socket.sendRaw("{\"type\":\"user_message\",\"clientMessageId\":\"c-1\",\"text\":\"" + "x".repeat(1100) + "\"}");
      JsonNode error = socket.next(WAIT);
      assertThat(error.get("code").asString()).isEqualTo("TOO_LARGE");
      assertThat(error.get("message").asString()).contains("1024 bytes");
      assertThat(socket.isOpen()).isTrue();
    }
    assertThat(rejections(Limit.FRAME_SIZE)).isEqualTo(before + 1);
  }

  @Test
  void aFourthTurnWhileThreeAwaitTheirAnswerIsRateLimitedUntilOneIsAnswered() throws Exception {
    double before = rejections(Limit.TURNS_IN_FLIGHT);
    try (ChatSocket socket = gateway.connect("busy-user", "LOAN_OFFICER");
        Events events = gateway.events()) {
      List<JsonNode> accepted = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        socket.ask(null, "Question " + i);
        JsonNode frame = socket.next(WAIT);
        assertThat(frame.get("type").asString()).isEqualTo("accepted");
        accepted.add(frame);
      }
      socket.ask(null, "Question 3");
      JsonNode limited = socket.next(WAIT);
      assertThat(limited.get("type").asString()).isEqualTo("error");
      assertThat(limited.get("code").asString()).isEqualTo("RATE_LIMITED");
      assertThat(rejections(Limit.TURNS_IN_FLIGHT)).isEqualTo(before + 1);

      // the orchestrator answers the first one: its place is free again
      JsonNode first = accepted.get(0);
      String conversationId = first.get("conversationId").asString();
      events.send(Topic.CHAT_REPLIES, conversationId, Events.answer(conversationId, first.get("turnId").asString(),
          "busy-user", "An answer.", Instant.now()));
      JsonNode answer = socket.next(WAIT);
      assertThat(answer.get("type").asString()).isEqualTo("assistant_message");
      socket.ask(null, "Question 4");
      assertThat(socket.next(WAIT).get("type").asString()).isEqualTo("accepted");
    }
  }

  @Test
  void aForeignOriginIsRefusedWith403AtTheUpgrade() throws Exception {
    double before = rejections(Limit.ORIGIN);
    String token = TestTokens.valid("origin-user", "LOAN_OFFICER");
    assertThat(ChatSocket.refusedUpgradeStatus(gateway.port(), token, "https://evil.example")).isEqualTo(403);
    assertThat(rejections(Limit.ORIGIN)).isEqualTo(before + 1);
    try (ChatSocket allowed = ChatSocket.connect(gateway.port(), token, "http://127.0.0.1:8080")) {
      assertThat(allowed.isOpen()).isTrue();
    }
  }
}
