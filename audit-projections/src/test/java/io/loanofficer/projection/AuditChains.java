package io.loanofficer.projection;

import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ProgressStatus;
import io.loanofficer.audit.AuditChain;
import io.loanofficer.audit.AuditKeys;
import io.loanofficer.events.serde.EventSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Audit chains for the projections' tests: sealed records as any chain writer puts them on audit.events
 * (the orchestrator's AuditTrail and the gateway's chain seal them the same way). The projections
 * read the topic, not the writer, so this module needs neither.
 */
public final class AuditChains {

  /** One audit record and its audit.events key ({@code chain/seq}). */
  public record Audited(String key, AuditRecord value) {}

  private static final Actor OFFICER = new Actor("officer-1", List.of("LOAN_OFFICER"), "officer-1");
  private static final EventSerde SERDE = new EventSerde();

  private AuditChains() {}

  /** A chain of {@code n} records, seq 1 to n, each a tool's progress (STARTED) of one turn. */
  public static List<Audited> progress(String chainId, int n) {
    List<Audited> records = new ArrayList<>();
    String prevHash = AuditKeys.GENESIS_HASH;
    for (long seq = 1; seq <= n; seq++) {
      ChatProgress progress = ChatProgress.newBuilder()
          .setEventId(UUID.randomUUID().toString()).setConversationId(chainId).setTurnId("turn-1")
          .setUserId("officer-1").setCallId("turn-1/call-" + seq).setTool("getLoanStatus")
          .setStatus(ProgressStatus.STARTED).setAt(Instant.now()).build();
      AuditRecord record = AuditRecord.newBuilder()
          .setEventId(progress.getEventId()).setConversationId(chainId).setSeq(seq)
          .setType(progress.getSchema().getName()).setOccurredAt(progress.getAt()).setActor(OFFICER).setTraceId(null)
          .setPayload(ByteBuffer.wrap(SERDE.encode(progress)))
          .setAttributes(Map.of("gen_ai.tool.name", "getLoanStatus", "gen_ai.tool.call.id", progress.getCallId()))
          .setPrevHash(prevHash).setHash("").build();
      AuditChain.seal(record, prevHash);
      prevHash = record.getHash();
      records.add(new Audited(AuditKeys.key(chainId, seq), record));
    }
    return records;
  }
}
