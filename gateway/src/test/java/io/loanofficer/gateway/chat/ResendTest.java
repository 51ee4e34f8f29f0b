package io.loanofficer.gateway.chat;

import static io.loanofficer.gateway.testing.GatewayUnderTest.WAIT;
import static io.loanofficer.gateway.testing.GatewayUnderTest.nextOfType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.gateway.testing.Events;
import io.loanofficer.gateway.testing.GatewayTest;
import io.loanofficer.gateway.testing.GatewayUnderTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A question sent again after a reconnect ({@code "resend": true}), its client not knowing whether it
 * was accepted: it is one turn on chat.turns however often it comes, and the client gets that turn's
 * accepted frame and its one final reply.
 */
@GatewayTest
class ResendTest {

  @Autowired
  GatewayUnderTest gateway;

  @Test
  void aQuestionAcceptedAndAnsweredBeforeTheSocketWentIsAnsweredAgainWithoutANewTurn() throws Exception {
    String conversationId = "conv-" + UUID.randomUUID();
    Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    try (Events events = gateway.events();
        ChatSocket socket = gateway.connect("resend-user", "LOAN_OFFICER")) {
      events.send(Topic.CHAT_TURNS, conversationId, Events.turn(conversationId, "t1", "resend-user", "Is L002 covered?", t0));
      events.send(Topic.CHAT_REPLIES, conversationId, Events.answer(conversationId, "t1", "resend-user", "Not quite.", t0.plusSeconds(1)));

      socket.resend(conversationId, "Is L002 covered?", "c-t1");
      JsonNode accepted = socket.next(WAIT);
      while (!accepted.get("type").asString().equals("accepted")) { // the reply may come live first
        assertThat(accepted.get("turnId").asString()).isEqualTo("t1");
        accepted = socket.next(WAIT);
      }
      assertThat(accepted.get("clientMessageId").asString()).isEqualTo("c-t1");
      assertThat(accepted.get("turnId").asString()).isEqualTo("t1");
      assertThat(accepted.get("conversationId").asString()).isEqualTo(conversationId);
      JsonNode reply = socket.next(WAIT);
      assertThat(reply.get("type").asString()).isEqualTo("assistant_message");
      assertThat(reply.get("turnId").asString()).isEqualTo("t1");
      assertThat(reply.get("text").asString()).isEqualTo("Not quite.");
      assertThat(socket.drain(Duration.ofMillis(500))).allSatisfy(late -> assertThat(late.get("turnId").asString()).isEqualTo("t1"));

      assertThat(clientMessageIds(conversationId)).containsExactly("c-t1");
    }
  }

  @Test
  void aQuestionNeverAcceptedBecomesOneTurnHoweverOftenItIsResent() throws Exception {
    String conversationId = "conv-" + UUID.randomUUID();
    Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    try (Events events = gateway.events();
        ChatSocket first = gateway.connect("resend-user-2", "LOAN_OFFICER");
        ChatSocket second = gateway.connect("resend-user-2", "LOAN_OFFICER")) {
      events.send(Topic.CHAT_TURNS, conversationId, Events.turn(conversationId, "t1", "resend-user-2", "Is L002 covered?", t0));
      events.send(Topic.CHAT_REPLIES, conversationId, Events.answer(conversationId, "t1", "resend-user-2", "Not quite.", t0.plusSeconds(1)));

      first.resend(conversationId, "What's the status of loan L001?", "load-1-2");
      JsonNode accepted = nextOfType(first, "accepted");
      String turnId = accepted.get("turnId").asString();
      assertThat(turnId).isNotEqualTo("t1");
      assertThat(accepted.get("clientMessageId").asString()).isEqualTo("load-1-2");

      // the client reconnected again before any answer came, and resends once more
      second.resend(conversationId, "What's the status of loan L001?", "load-1-2");
      JsonNode again = nextOfType(second, "accepted");
      assertThat(again.get("turnId").asString()).isEqualTo(turnId);

      events.send(Topic.CHAT_REPLIES, conversationId, Events.answer(conversationId, turnId, "resend-user-2", "L001 is current.", Instant.now()));
      JsonNode reply = nextOfType(second, "assistant_message");
      assertThat(reply.get("turnId").asString()).isEqualTo(turnId);
      assertThat(reply.get("text").asString()).isEqualTo("L001 is current.");
      assertThat(second.drain(Duration.ofMillis(500))).isEmpty();

      assertThat(clientMessageIds(conversationId)).containsExactly("c-t1", "load-1-2");
    }
  }

  /** The clientMessageIds of the conversation's turns on chat.turns, in order, each as often as it is there. */
  private List<String> clientMessageIds(String conversationId) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, gateway.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topic.CHAT_TURNS.topicName()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await("reading " + Topic.CHAT_TURNS.topicName() + " to " + end).atMost(WAIT).pollInSameThread()
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            if (partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
              return true;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
              if (conversationId.equals(record.key())) {
                ids.add(new EventSerde().decode(record.value(), ChatTurnSubmitted.class).getClientMessageId());
              }
            }
            return false;
          });
    }
    return ids;
  }
}
