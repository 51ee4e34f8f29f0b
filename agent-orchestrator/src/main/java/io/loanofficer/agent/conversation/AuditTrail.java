package io.loanofficer.agent.conversation;

import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ConversationState;
import io.loanofficer.audit.AuditChain;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Appends one event to its conversation's audit chain. The orchestrator that owns the conversation
 * is the chain's only writer, so seq and prevHash come from the conversation state, which is
 * written in the same Kafka transaction as the audit records.
 */
public class AuditTrail {

  private final EventSerde serde = new EventSerde();

  public OutboundRecord append(ConversationState state, SpecificRecord event, String eventId, Instant occurredAt,
      Actor actor, String traceId, Map<String, String> attributes) {
    long seq = state.getAuditSeq() + 1;
    AuditRecord record = AuditRecord.newBuilder()
        .setEventId(eventId)
        .setConversationId(state.getConversationId())
        .setSeq(seq)
        .setType(event.getSchema().getName())
        .setOccurredAt(occurredAt)
        .setActor(actor)
        .setTraceId(traceId)
        .setPayload(ByteBuffer.wrap(serde.encode(event)))
        .setAttributes(attributes)
        .setPrevHash(state.getAuditHash())
        .setHash("")
        .build();
    AuditChain.seal(record, state.getAuditHash());
    state.setAuditSeq(seq);
    state.setAuditHash(record.getHash());
    String chain = state.getConversationId();
    return new OutboundRecord(Topic.AUDIT_EVENTS.topicName(),
        AuditKeys.partition(chain, Topic.AUDIT_EVENTS.partitions()), AuditKeys.key(chain, seq), record);
  }
}
