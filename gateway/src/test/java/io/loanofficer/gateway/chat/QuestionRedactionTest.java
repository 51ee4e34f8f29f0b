package io.loanofficer.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.loanofficer.chatclient.ChatSocket;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.gateway.testing.GatewayTest;
import io.loanofficer.gateway.testing.KafkaTopics;
import io.loanofficer.gateway.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A question that carries personal data (an officer pasting a customer's SSN, a phone number, an
 * e-mail) is published with those values redacted: the raw text never reaches chat.turns, hence
 * neither the audit trail nor the model. The counts go with the turn for the audit.
 */
@GatewayTest
class QuestionRedactionTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @LocalServerPort
  int port;

  @Autowired
  KafkaTopics.Provisioned kafka;

  @Test
  void personalDataInTheQuestionIsRedactedBeforeItIsPublished() throws Exception {
    String typed = "Customer SSN 123-45-6789, phone (515) 555-0142, mail jane.roe@example.org: status of loan L002?";
    String conversationId;
    String turnId;
    try (ChatSocket socket = ChatSocket.connect(port, TestTokens.valid("redaction-user", "LOAN_OFFICER"))) {
      socket.ask(null, typed);
      JsonNode accepted = socket.next(WAIT);
      assertThat(accepted.get("type").asString()).isEqualTo("accepted");
      // the user learns what went out without their data
      assertThat(accepted.get("redacted").toString()).isEqualTo("{\"EMAIL\":1,\"PHONE\":1,\"SSN\":1}");
      conversationId = accepted.get("conversationId").asString();
      turnId = accepted.get("turnId").asString();
    }

    ConsumerRecord<String, byte[]> record = read(conversationId);
    assertThat(new String(record.value(), StandardCharsets.UTF_8))
        .doesNotContain("123-45-6789", "555-0142", "jane.roe@example.org");
    ChatTurnSubmitted turn = new EventSerde().decode(record.value(), ChatTurnSubmitted.class);
    assertThat(turn.getTurnId()).isEqualTo(turnId);
    assertThat(turn.getText()).isEqualTo(
        "Customer SSN [SSN_REDACTED], phone [PHONE_REDACTED], mail [EMAIL_REDACTED]: status of loan L002?");
    assertThat(turn.getMaskedInText()).isEqualTo(Map.of("SSN", 1, "PHONE", 1, "EMAIL", 1));
  }

  @Test
  void anOrdinaryQuestionIsPublishedAsTyped() throws Exception {
    String typed = "How would a 10% corn price drop hit our portfolio of $1,250,000.50?";
    String conversationId;
    try (ChatSocket socket = ChatSocket.connect(port, TestTokens.valid("redaction-user-2", "LOAN_OFFICER"))) {
      socket.ask(null, typed);
      JsonNode accepted = socket.next(WAIT);
      assertThat(accepted.has("redacted")).isFalse();
      conversationId = accepted.get("conversationId").asString();
    }
    ChatTurnSubmitted turn = new EventSerde().decode(read(conversationId).value(), ChatTurnSubmitted.class);
    assertThat(turn.getText()).isEqualTo(typed);
    assertThat(turn.getMaskedInText()).isEmpty();
  }

  /** The conversation's turn on chat.turns (its partition, from the start). */
  private ConsumerRecord<String, byte[]> read(String conversationId) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topic.CHAT_TURNS.topicName()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, byte[]>> turns = new ArrayList<>();
      await("a turn of " + conversationId + " on " + Topic.CHAT_TURNS.topicName()).atMost(WAIT).pollInSameThread()
          .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
              if (conversationId.equals(record.key())) {
                turns.add(record);
              }
            });
            return !turns.isEmpty();
          });
      return turns.get(0);
    }
  }
}
