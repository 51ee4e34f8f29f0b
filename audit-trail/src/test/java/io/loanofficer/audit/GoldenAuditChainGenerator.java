package io.loanofficer.audit;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.serde.GoldenFixtures;
import io.loanofficer.events.serde.GoldenFixtures.Fixture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the golden AuditRecord chain into schemas' golden fixtures when it is missing, never over
 * one that exists: the records are a contract's fixtures, their hashes are this module's AuditChain.
 * Run with schemas' GoldenFixtureGenerator when an AuditRecord version is released (ADR 6):
 * {@code mvn -B -ntp -q -pl audit-trail -am test -Dtest=GoldenAuditChainGenerator -Dgolden.generate=true
 * -Dsurefire.failIfNoSpecifiedTests=false}. A new AuditRecord version needs its own chain here
 * ({@link #auditChainV1} shows how).
 */
@EnabledIfSystemProperty(named = "golden.generate", matches = "true",
    disabledReason = "writes golden fixtures; run with -Dgolden.generate=true when releasing a schema version")
class GoldenAuditChainGenerator {

  @Test
  void writeMissingChains() throws IOException {
    if (!Files.exists(GoldenFixtures.fixture("AuditRecord.v1.seq1").bin())) {
      auditChainV1();
    }
  }

  /**
   * Three audit records of one conversation as the first release wrote them (AuditRecord v1), whose
   * payloads are the v1 golden events; hashes by today's AuditChain, pinned in OldReleasesReplayTest.
   */
  private static void auditChainV1() throws IOException {
    Schema v1 = GoldenFixtures.fixture("AuditRecord.v1").writer().schema();
    // ordered maps: Map.of's order changes from run to run, and with it the bytes (not the hash)
    Map<String, String> turn = new LinkedHashMap<>();
    turn.put("gen_ai.conversation.id", "golden-conv-1");
    turn.put("loanofficer.turn.id", "golden-turn-1");
    Map<String, String> tool = new LinkedHashMap<>();
    // insertion order, not sorted: the hash must sort them itself
    tool.put("gen_ai.tool.name", "getLoanStatus");
    tool.put("gen_ai.tool.call.id", "golden-call-1");
    Map<String, String> result = new LinkedHashMap<>(tool);
    result.put("loanofficer.tool.outcome", "OK");
    List<Object[]> links = List.of(
        new Object[] {"ChatTurnSubmitted.v1", "golden-turn-event-1", "ChatTurnSubmitted", "2026-11-20T09:15:00Z", true,
            turn},
        new Object[] {"ToolCallRequested.v1", "golden-call-event-1", "ToolCallRequested", "2026-11-20T09:15:00.300Z", true,
            tool},
        new Object[] {"ToolCallCompleted.v1", "golden-result-1", "ToolCallCompleted", "2026-11-20T09:15:01.250Z", false,
            result});
    String prevHash = AuditKeys.GENESIS_HASH;
    EventSerde serde = new EventSerde();
    for (int i = 0; i < links.size(); i++) {
      Object[] link = links.get(i);
      GenericRecord record = new GenericData.Record(v1);
      record.put("eventId", link[1]);
      record.put("conversationId", "golden-conv-1");
      record.put("seq", (long) (i + 1));
      record.put("type", link[2]);
      record.put("occurredAt", Instant.parse((String) link[3]).toEpochMilli());
      record.put("actor", (Boolean) link[4] ? actor(v1.getField("actor").schema().getTypes().get(1)) : null);
      record.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
      record.put("payload", ByteBuffer.wrap(GoldenFixtures.fixture((String) link[0]).bytes()));
      record.put("attributes", link[5]);
      record.put("prevHash", prevHash);
      record.put("hash", "");
      String hash = AuditChain.hashOf(serde.decode(GoldenFixtures.encode(record), AuditRecord.class));
      record.put("hash", hash);
      Fixture fixture = GoldenFixtures.fixture("AuditRecord.v1.seq" + (i + 1));
      Files.write(fixture.bin(), GoldenFixtures.encode(record));
      Files.writeString(fixture.json(), GoldenFixtures.json(record));
      System.out.println("wrote " + fixture.bin() + " hash " + hash);
      prevHash = hash;
    }
  }

  private static GenericRecord actor(Schema schema) {
    GenericRecord actor = new GenericData.Record(schema);
    actor.put("userId", "officer-1");
    actor.put("roles", List.of("LOAN_OFFICER"));
    actor.put("officerId", "OFF-001");
    return actor;
  }
}
