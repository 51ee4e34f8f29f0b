package io.loanofficer.gateway.chat;

import io.loanofficer.events.Actor;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.gateway.security.ChatIdentity;
import io.loanofficer.observability.TraceIds;
import io.loanofficer.pii.TextMasker;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes an accepted user_message as a ChatTurnSubmitted on chat.turns, keyed by conversation, with
 * the personal data in its text redacted. Its trace id is the trace of the socket frame that asked it,
 * which the record's {@code traceparent} header carries on to every hop of the turn.
 */
public class TurnPublisher {

  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final Clock clock;
  private final String instanceId;
  private final TraceIds traceIds;

  public TurnPublisher(KafkaTemplate<String, SpecificRecord> kafka, Clock clock, String instanceId, TraceIds traceIds) {
    this.kafka = kafka;
    this.clock = clock;
    this.instanceId = instanceId;
    this.traceIds = traceIds;
  }

  /** The question with its personal data redacted, and how many values of each kind were. */
  public record Question(String text, Map<String, Integer> redacted) {

    /**
     * The question goes to Kafka, the audit trail (kept for years) and the model: no raw personal
     * data in any of them. No tool takes an e-mail, phone or account number, so routing loses nothing.
     */
    public static Question redact(String typed) {
      TextMasker.Masked masked = TextMasker.redact(typed);
      Map<String, Integer> counts = new TreeMap<>();
      masked.counts().forEach((kind, count) -> counts.put(kind.name(), count));
      return new Question(masked.text(), Map.copyOf(counts));
    }
  }

  public CompletableFuture<?> publish(String conversationId, String turnId, String clientMessageId, Question question,
      ChatIdentity identity, boolean noticeAcknowledged) {
    ChatTurnSubmitted turn = ChatTurnSubmitted.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setConversationId(conversationId)
        .setTurnId(turnId)
        .setClientMessageId(clientMessageId)
        .setText(question.text())
        .setActor(new Actor(identity.userId(), identity.roles(), identity.officerId()))
        .setGatewayInstance(instanceId)
        .setTraceId(traceIds.currentOrNew())
        .setSubmittedAt(clock.instant())
        .setNoticeAcknowledged(noticeAcknowledged)
        .setMaskedInText(new TreeMap<>(question.redacted()))
        .build();
    return kafka.send(Topic.CHAT_TURNS.topicName(), conversationId, turn);
  }
}
