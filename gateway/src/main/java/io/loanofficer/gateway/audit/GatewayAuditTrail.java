package io.loanofficer.gateway.audit;

import io.loanofficer.events.AccessRefused;
import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.RefusalKind;
import io.loanofficer.events.RevealOutcome;
import io.loanofficer.audit.AuditChain;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.AuditLogReader;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.topics.Topic;
import io.loanofficer.observability.TraceIds;
import io.loanofficer.pii.PiiToken;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Counter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;

/**
 * The audit chain of this gateway instance (key {@code gateway-<instance>/<seq>}): what the gateway
 * decides itself — refusals that belong to no conversation (invalid tokens, missing roles, limits) and
 * PII reveals (they name their conversation, whose chain only the orchestrator writes). This instance is the chain's only
 * writer; it resumes the chain from audit.events on first use (an instance id may be reused after a
 * restart), and advances seq only when Kafka has acknowledged the record, so the chain has no gaps.
 */
public class GatewayAuditTrail {

  private static final Logger log = LoggerFactory.getLogger(GatewayAuditTrail.class);

  private final KafkaOperations<String, SpecificRecord> kafka;
  private final TraceIds traceIds;
  /** Audit records this gateway's chain has had acknowledged by Kafka. */
  private final Counter written;
  private final AuditLogReader reader;
  private final String instanceId;
  private final String chainId;
  private final Clock clock;
  private final EventSerde serde = new EventSerde();
  private long seq = -1;
  private String hash;

  public GatewayAuditTrail(KafkaOperations<String, SpecificRecord> kafka, AuditLogReader reader, String instanceId,
      Clock clock, TraceIds traceIds, Counter written) {
    this.kafka = kafka;
    this.traceIds = traceIds;
    this.written = written;
    this.reader = reader;
    this.instanceId = instanceId;
    this.chainId = AuditKeys.GATEWAY_CHAIN_PREFIX + instanceId;
    this.clock = clock;
  }

  public String chainId() {
    return chainId;
  }

  /** Records one refusal; a failure to record is logged, never thrown at the refused caller. */
  public void refused(RefusalKind kind, String code, String reason, String path, String userRef) {
    AccessRefused event = AccessRefused.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setGatewayInstance(instanceId)
        .setKind(kind)
        .setCode(code)
        .setReason(reason)
        .setPath(path)
        .setUserRef(userRef)
        .setOccurredAt(clock.instant())
        .build();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("event.kind", "event");
    attributes.put("loanofficer.refusal.kind", event.getKind().name());
    attributes.put("loanofficer.refusal.code", event.getCode());
    try {
      append(event, event.getEventId(), event.getOccurredAt(), null, attributes);
    } catch (Exception e) {
      log.error("Refusal {} {} not audited: {}", kind, code, e.getClass().getSimpleName());
    }
  }

  /**
   * Records a reveal attempt by an authenticated user, and returns only once Kafka has it: a value
   * is passed on after this returns, never before (an unaudited reveal does not happen).
   *
   * @return the audited event
   * @throws IllegalStateException when the record could not be written
   */
  public PiiRevealed revealed(String conversationId, PiiToken token, RevealOutcome outcome, String borrowerId,
      Actor actor) {
    PiiRevealed event = PiiRevealed.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setGatewayInstance(instanceId)
        .setConversationId(conversationId)
        .setToken(token.text())
        .setKind(token.kind().name())
        .setOutcome(outcome)
        .setBorrowerId(borrowerId)
        .setActor(actor)
        .setOccurredAt(clock.instant())
        .build();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("event.kind", "event");
    attributes.put("loanofficer.conversation.id", conversationId);
    attributes.put("loanofficer.pii.kind", token.kind().name());
    attributes.put("loanofficer.pii.reveal.outcome", outcome.name());
    try {
      append(event, event.getEventId(), event.getOccurredAt(), actor, attributes);
    } catch (Exception e) {
      throw new IllegalStateException("reveal not audited: " + e.getClass().getSimpleName(), e);
    }
    return event;
  }

  private synchronized void append(SpecificRecord event, String eventId, Instant occurredAt, Actor actor,
      Map<String, String> attributes) throws Exception {
    if (seq < 0) {
      resume();
    }
    AuditRecord record = AuditRecord.newBuilder()
        .setEventId(eventId)
        .setConversationId(chainId)
        .setSeq(seq + 1)
        .setType(event.getSchema().getName())
        .setOccurredAt(occurredAt)
        .setActor(actor)
        .setTraceId(traceIds.current())
        .setPayload(ByteBuffer.wrap(serde.encode(event)))
        .setAttributes(attributes)
        .setPrevHash(hash)
        .setHash("")
        .build();
    AuditChain.seal(record, hash);
    kafka.send(new ProducerRecord<>(Topic.AUDIT_EVENTS.topicName(),
        AuditKeys.partition(chainId, Topic.AUDIT_EVENTS.partitions()), AuditKeys.key(chainId, record.getSeq()), record))
        .get(10, TimeUnit.SECONDS);
    seq = record.getSeq();
    hash = record.getHash();
    written.increment();
  }

  /** Continues after the newest record of this chain already in the topic, if any. */
  private void resume() {
    AuditLog existing = reader.read(chainId);
    List<AuditRecord> records = existing.records();
    if (records.isEmpty()) {
      seq = 0;
      hash = AuditKeys.GENESIS_HASH;
    } else {
      AuditRecord last = records.get(records.size() - 1);
      seq = last.getSeq();
      hash = last.getHash();
    }
  }
}
