package io.loanofficer.gateway.testing;

import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.ToolCallSummary;
import io.loanofficer.events.ToolOutcome;
import io.loanofficer.audit.AuditChain;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes turns, replies and audit chains as the gateway and the orchestrator would, for tests
 * without an orchestrator.
 */
public final class Events implements AutoCloseable {

  /** One event of an audit chain: when it happened and who acted, as the audit writers record them. */
  public record Audited(SpecificRecord event, Instant occurredAt, Actor actor) {}

  private final KafkaProducer<String, SpecificRecord> producer;
  private final EventSerde serde = new EventSerde();

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

  /** The orchestrator's request of the answer's tool call. */
  public static ToolCallRequested toolRequested(ChatTurnSubmitted turn, Instant at) {
    return ToolCallRequested.newBuilder().setEventId(UUID.randomUUID().toString())
        .setConversationId(turn.getConversationId()).setTurnId(turn.getTurnId()).setCallId(turn.getTurnId() + "/call-1")
        .setRound(1).setTool("evaluateCollateralSufficiency").setArgumentsJson("{\"loan_id\":\"L002\"}")
        .setActor(turn.getActor()).setTraceId(turn.getTraceId()).setRequestedAt(at).setDeadlineAt(at.plusSeconds(10))
        .build();
  }

  /** A worker's result of {@link #toolRequested}. */
  public static ToolCallCompleted toolCompleted(ToolCallRequested request, Instant at) {
    return ToolCallCompleted.newBuilder().setEventId(UUID.randomUUID().toString())
        .setConversationId(request.getConversationId()).setTurnId(request.getTurnId()).setCallId(request.getCallId())
        .setTool(request.getTool()).setToolVersion("1").setOutcome(ToolOutcome.OK)
        .setResultJson("{\"ltv\":0.86,\"sufficient\":false}").setErrorMessage(null).setWorkerId("worker-test")
        .setDurationMicros(1500).setTraceId(request.getTraceId()).setCompletedAt(at).build();
  }

  public void send(Topic topic, String key, SpecificRecord event) {
    send(topic, null, key, event);
  }

  /** To a given partition, or the key's when null; a null event is a tombstone. */
  public void send(Topic topic, Integer partition, String key, SpecificRecord event) {
    producer.send(new ProducerRecord<>(topic.topicName(), partition, key, event));
    producer.flush();
  }

  /**
   * Writes a chain from seq 1 as the orchestrator's AuditTrail and the gateway's GatewayAuditTrail
   * do: each record sealed onto the previous one's hash, key chainId/seq, in the chain's partition of
   * audit.events.
   */
  public void auditChain(String chainId, Audited... audited) {
    String prevHash = AuditKeys.GENESIS_HASH;
    long seq = 0;
    for (Audited entry : audited) {
      SpecificRecord event = entry.event();
      AuditRecord record = AuditRecord.newBuilder()
          .setEventId(event.get(event.getSchema().getField("eventId").pos()).toString())
          .setConversationId(chainId)
          .setSeq(++seq)
          .setType(event.getSchema().getName())
          .setOccurredAt(entry.occurredAt())
          .setActor(entry.actor())
          .setTraceId(null)
          .setPayload(ByteBuffer.wrap(serde.encode(event)))
          .setAttributes(Map.of())
          .setPrevHash(prevHash)
          .setHash("")
          .build();
      AuditChain.seal(record, prevHash);
      prevHash = record.getHash();
      sendAudit(chainId, seq, record);
    }
  }

  /** A tombstone: the erasure of one audit record. */
  public void eraseAudit(String chainId, long seq) {
    sendAudit(chainId, seq, null);
  }

  private void sendAudit(String chainId, long seq, AuditRecord record) {
    send(Topic.AUDIT_EVENTS, AuditKeys.partition(chainId, Topic.AUDIT_EVENTS.partitions()), AuditKeys.key(chainId, seq),
        record);
  }

  @Override
  public void close() {
    producer.close();
  }
}
