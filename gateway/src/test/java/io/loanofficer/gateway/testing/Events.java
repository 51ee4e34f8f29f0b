package io.loanofficer.gateway.testing;

import io.loanofficer.events.Actor;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes turns and replies as the gateway and the orchestrator would, for tests without an orchestrator. */
public final class Events implements AutoCloseable {

  private final KafkaProducer<String, SpecificRecord> producer;

  public Events(String bootstrapServers) {
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new EventSerde());
  }

  public static ChatTurnSubmitted turn(String conversationId, String turnId, String userId, String text, Instant at) {
    return ChatTurnSubmitted.newBuilder().setEventId(UUID.randomUUID().toString()).setConversationId(conversationId)
        .setTurnId(turnId).setClientMessageId("c-" + turnId).setText(text)
        .setActor(new Actor(userId, List.of("LOAN_OFFICER"), userId)).setGatewayInstance("gw-test")
        .setTraceId("0af7651916cd43dd8448eb211c80319c").setSubmittedAt(at).build();
  }

  public static ChatReplyProduced answer(String conversationId, String turnId, String userId, String text, Instant at) {
    return ChatReplyProduced.newBuilder().setEventId(UUID.randomUUID().toString()).setConversationId(conversationId)
        .setTurnId(turnId).setClientMessageId("c-" + turnId).setUserId(userId).setKind(ReplyKind.ANSWER)
        .setText(text).setErrorCode(null)
        .setToolCalls(List.of(new ToolCallSummary(turnId + "/call-1", "evaluateCollateralSufficiency",
            "{\"loan_id\":\"L002\"}", ToolOutcome.OK, "{\"ltv\":0.86,\"sufficient\":false}")))
        .setTraceId("0af7651916cd43dd8448eb211c80319c").setProducedAt(at).build();
  }

  public void send(Topic topic, String key, SpecificRecord event) {
    producer.send(new ProducerRecord<>(topic.topicName(), key, event));
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
