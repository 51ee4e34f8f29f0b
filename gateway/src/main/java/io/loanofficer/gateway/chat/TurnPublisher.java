package io.loanofficer.gateway.chat;

import io.loanofficer.events.Actor;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.gateway.security.ChatIdentity;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes an accepted user_message as a ChatTurnSubmitted on chat.turns, keyed by conversation. */
public class TurnPublisher {

  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final Clock clock;
  private final String instanceId;

  public TurnPublisher(KafkaTemplate<String, SpecificRecord> kafka, Clock clock, String instanceId) {
    this.kafka = kafka;
    this.clock = clock;
    this.instanceId = instanceId;
  }

  public CompletableFuture<?> publish(String conversationId, String turnId, String clientMessageId, String text,
      ChatIdentity identity, boolean noticeAcknowledged) {
    ChatTurnSubmitted turn = ChatTurnSubmitted.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(conversationId)
        .setTurnId(turnId)
        .setClientMessageId(clientMessageId)
        .setText(text)
        .setActor(new Actor(identity.userId(), identity.roles(), identity.officerId()))
        .setGatewayInstance(instanceId)
        .setTraceId(newTraceId())
        .setSubmittedAt(clock.instant())
        .setNoticeAcknowledged(noticeAcknowledged)
        .build();
    return kafka.send(Topic.CHAT_TURNS.topicName(), conversationId, turn);
  }

  /** A W3C trace id (32 hex digits) that every event of the turn carries. */
  private static String newTraceId() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
