package io.loanofficer.gateway.chat;

import static io.loanofficer.gateway.testing.GatewayUnderTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.gateway.chat.ChatSessions;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.gateway.testing.Events;
import io.loanofficer.gateway.testing.GatewayTest;
import io.loanofficer.gateway.testing.GatewayUnderTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The resume frame: the user's own history, live replies afterwards, nobody else's conversation. */
@GatewayTest
class ResumeTest {

  @Autowired
  GatewayUnderTest gateway;

  @Test
  void resumeAnswersTheHistoryAndAttachesTheSocketToLaterReplies() throws Exception {
    String conversationId = "conv-" + UUID.randomUUID();
    Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    try (Events events = gateway.events();
        ChatSocket socket = gateway.connect("resume-user", "LOAN_OFFICER")) {
      events.send(Topic.CHAT_TURNS, conversationId, Events.turn(conversationId, "t1", "resume-user", "First?", t0));
      events.send(Topic.CHAT_REPLIES, conversationId, Events.answer(conversationId, "t1", "resume-user", "First answer.", t0.plusSeconds(1)));
      events.send(Topic.CHAT_TURNS, conversationId, Events.turn(conversationId, "t2", "resume-user", "Second?", t0.plusSeconds(5)));

      socket.resume(conversationId);
      // The socket is attached before the history is read: a reply still on its way through the
      // gateway's listener may come live before the history (clients deduplicate by turnId).
      JsonNode history = socket.next(WAIT);
      while (!history.get("type").asString().equals("history")) {
        assertThat(history.get("turnId").asString()).isEqualTo("t1");
        history = socket.next(WAIT);
      }
      assertThat(history.get("conversationId").asString()).isEqualTo(conversationId);
      JsonNode messages = history.get("messages");
      assertThat(messages).hasSize(3);
      assertThat(messages.get(0).get("type").asString()).isEqualTo("user_message");
      assertThat(messages.get(0).get("text").asString()).isEqualTo("First?");
      assertThat(messages.get(0).get("turnId").asString()).isEqualTo("t1");
      assertThat(messages.get(1).get("type").asString()).isEqualTo("assistant_message");
      assertThat(messages.get(1).get("text").asString()).isEqualTo("First answer.");
      assertThat(messages.get(1).get("toolCalls").get(0).get("result").get("ltv").asDouble()).isEqualTo(0.86);
      assertThat(messages.get(2).get("text").asString()).isEqualTo("Second?");

      // the pending turn's reply now reaches this socket
      events.send(Topic.CHAT_REPLIES, conversationId, Events.answer(conversationId, "t2", "resume-user", "Second answer.", Instant.now()));
      JsonNode live = socket.next(WAIT);
      assertThat(live.get("type").asString()).isEqualTo("assistant_message");
      assertThat(live.get("turnId").asString()).isEqualTo("t2");
    }
  }

  /**
   * A conversation of 400 exchanges (about 1.4 MB of history, more than a socket's send buffer): the
   * history carries the newest exchanges that fit in its limit, oldest first, and says how many earlier
   * ones it left out; one exchange more would not have fit.
   */
  @Test
  void aLongConversationsHistoryCarriesItsNewestExchangesWithinTheLimit() throws Exception {
    String conversationId = "conv-" + UUID.randomUUID();
    Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    String longAnswer = "The collateral covers the loan. ".repeat(100); // 3,200 characters
    int total = 400;
    try (Events events = gateway.events();
        ChatSocket socket = gateway.connect("resume-long", "LOAN_OFFICER")) {
      for (int i = 1; i <= total; i++) {
        events.send(Topic.CHAT_TURNS, conversationId, Events.turn(conversationId, "t" + i, "resume-long", "Question " + i + "?", t0.plusSeconds(i)));
        events.send(Topic.CHAT_REPLIES, conversationId, Events.answer(conversationId, "t" + i, "resume-long", longAnswer, t0.plusSeconds(i)));
      }
      socket.resume(conversationId);
      JsonNode history = socket.next(WAIT);
      while (!history.get("type").asString().equals("history")) {
        history = socket.next(WAIT);
      }
      JsonNode messages = history.get("messages");
      int included = messages.size() / 2;
      int omitted = history.get("omitted").asInt();
      assertThat(omitted + included).isEqualTo(total);
      assertThat(omitted).isPositive();
      for (int k = 0; k < included; k++) {
        String turnId = "t" + (omitted + 1 + k);
        assertThat(messages.get(2 * k).get("turnId").asString()).isEqualTo(turnId);
        assertThat(messages.get(2 * k).get("type").asString()).isEqualTo("user_message");
        assertThat(messages.get(2 * k + 1).get("turnId").asString()).isEqualTo(turnId);
        assertThat(messages.get(2 * k + 1).get("text").asString()).isEqualTo(longAnswer);
      }
      int frameBytes = history.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      int exchangeBytes = (messages.get(0).toString().length() + messages.get(1).toString().length());
      assertThat(frameBytes).isLessThanOrEqualTo(ChatSessions.HISTORY_LIMIT_BYTES + 200);
      assertThat(frameBytes + exchangeBytes).isGreaterThan(ChatSessions.HISTORY_LIMIT_BYTES);
    }
  }

  @Test
  void resumingAnotherUsersConversationIsForbiddenAndDeliversNothing() throws Exception {
    String conversationId = "conv-" + UUID.randomUUID();
    try (Events events = gateway.events();
        ChatSocket intruder = gateway.connect("intruder", "LOAN_OFFICER")) {
      events.send(Topic.CHAT_TURNS, conversationId, Events.turn(conversationId, "t1", "owner-user", "Mine?", Instant.now()));
      intruder.send(java.util.Map.of("type", "resume", "clientMessageId", "r-1", "conversationId", conversationId));
      JsonNode error = intruder.next(WAIT);
      assertThat(error.get("type").asString()).isEqualTo("error");
      assertThat(error.get("code").asString()).isEqualTo("FORBIDDEN");
      assertThat(error.get("clientMessageId").asString()).isEqualTo("r-1");
      assertThat(error.get("conversationId").asString()).isEqualTo(conversationId);
      assertThat(error.toString()).doesNotContain("Mine?");

      events.send(Topic.CHAT_REPLIES, conversationId, Events.answer(conversationId, "t1", "owner-user", "Secret.", Instant.now()));
      assertThat(intruder.drain(Duration.ofSeconds(1))).isEmpty();
    }
  }

  @Test
  void resumeWithoutAConversationIdIsInvalid() throws Exception {
    try (ChatSocket socket = gateway.connect("resume-user-2", "LOAN_OFFICER")) {
      socket.sendRaw("{\"type\":\"resume\"}");
      assertThat(socket.next(WAIT).get("code").asString()).isEqualTo("INVALID_MESSAGE");
    }
  }
}
