package io.loanofficer.infra;

import io.loanofficer.agent.conversation.AuditTrail;
import io.loanofficer.agent.conversation.OutboundRecord;
import io.loanofficer.events.Actor;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.ConversationStatus;
import io.loanofficer.events.ProgressStatus;
import io.loanofficer.events.ReplyKind;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.serde.EventSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes conversations' audit chains into audit.events as the orchestrator does: each record sealed by
 * its {@link AuditTrail} (the single audit writer), in Kafka transactions, conversations interleaved
 * turn by turn. Per turn four records: the question, a tool's progress (started, completed) and the
 * reply. Every third record carries a {@code traceparent} header, so that copies can be checked for
 * headers too. For the backup drill and its benchmark.
 */
public final class AuditChainWriter implements AutoCloseable {

  public static final int RECORDS_PER_TURN = 4;
  private static final Actor OFFICER = new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1");

  private final KafkaProducer<String, SpecificRecord> producer;
  private final int recordsPerTransaction;
  private final AuditTrail trail = new AuditTrail();
  private final List<ProducerRecord<String, SpecificRecord>> pending = new ArrayList<>();
  private long written;

  /** @param recordsPerTransaction records per Kafka transaction (the orchestrator commits one hop, 1-4) */
  public AuditChainWriter(String bootstrapServers, int recordsPerTransaction) {
    this.recordsPerTransaction = recordsPerTransaction;
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "audit-chains-" + UUID.randomUUID(),
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new EventSerde());
    producer.initTransactions();
  }

  /** Writes {@code conversations} chains of {@code turns} turns each; returns their ids. */
  public List<String> write(String prefix, int conversations, int turns) {
    List<String> ids = new ArrayList<>();
    List<ConversationState> states = new ArrayList<>();
    for (int c = 0; c < conversations; c++) {
      String id = prefix + "-" + c + "-" + UUID.randomUUID().toString().substring(0, 8);
      ids.add(id);
      states.add(ConversationState.newBuilder()
          .setConversationId(id).setOwnerUserId(OFFICER.getUserId()).setStatus(ConversationStatus.REPLIED)
          .setAuditSeq(0).setAuditHash(AuditKeys.GENESIS_HASH).setActiveTurn(null).setTranscript(new ArrayList<>())
          .setUpdatedAt(Instant.now()).build());
    }
    for (int turn = 1; turn <= turns; turn++) {
      for (ConversationState state : states) {
        turn(state, turn);
      }
    }
    commit();
    return ids;
  }

  /** Records written (committed) so far. */
  public long written() {
    return written;
  }

  private void turn(ConversationState state, int turn) {
    String conversation = state.getConversationId();
    String turnId = "turn-" + turn;
    Instant at = Instant.now();
    ChatTurnSubmitted question = ChatTurnSubmitted.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setConversationId(conversation).setTurnId(turnId)
        .setClientMessageId("c-" + turn).setText("Is the collateral sufficient for loan L00" + (turn % 9 + 1) + "?")
        .setActor(OFFICER).setGatewayInstance("gw-1").setTraceId(null).setSubmittedAt(at).build();
    add(trail.append(state, question, question.getEventId(), at, OFFICER, null, Map.of()));
    for (ProgressStatus status : List.of(ProgressStatus.STARTED, ProgressStatus.COMPLETED)) {
      ChatProgress progress = ChatProgress.newBuilder()
          .setEventId(UUID.randomUUID().toString()).setConversationId(conversation).setTurnId(turnId)
          .setUserId(OFFICER.getUserId()).setCallId(turnId + "/call-1").setTool("getCollateralSufficiency")
          .setStatus(status).setAt(at).build();
      add(trail.append(state, progress, progress.getEventId(), at, OFFICER, null,
          Map.of("gen_ai.tool.name", "getCollateralSufficiency", "gen_ai.tool.call.id", progress.getCallId())));
    }
    ChatReplyProduced reply = ChatReplyProduced.newBuilder()
        .setEventId(UUID.randomUUID().toString()).setConversationId(conversation).setTurnId(turnId)
        .setClientMessageId("c-" + turn).setUserId(OFFICER.getUserId()).setKind(ReplyKind.ANSWER)
        .setText("Loan L00" + (turn % 9 + 1) + " is covered 1.4 times by its collateral.").setErrorCode(null)
        .setToolCalls(List.of()).setTraceId(null).setProducedAt(at).build();
    add(trail.append(state, reply, reply.getEventId(), at, OFFICER, null, Map.of()));
  }

  private void add(OutboundRecord out) {
    ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(out.topic(), out.partition(), out.key(), out.value());
    if ((written + pending.size()) % 3 == 0) {
      record.headers().add(new RecordHeader("traceparent",
          ("00-" + UUID.randomUUID().toString().replace("-", "") + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.US_ASCII)));
    }
    pending.add(record);
    if (pending.size() >= recordsPerTransaction) {
      commit();
    }
  }

  private void commit() {
    if (pending.isEmpty()) {
      return;
    }
    producer.beginTransaction();
    pending.forEach(producer::send);
    producer.commitTransaction();
    written += pending.size();
    pending.clear();
  }

  @Override
  public void close() {
    producer.close();
  }
}
