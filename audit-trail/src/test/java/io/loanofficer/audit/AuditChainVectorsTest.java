package io.loanofficer.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.Actor;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.serde.EventSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published test vectors of docs/audit-chain.md (docs/audit-chain-vectors.json), recomputed
 * by the Java chain: canonical bytes, hash, stored value, and the chain they form.
 * infra/verify-audit.py checks the same file independently (AuditChainVerifierTest).
 */
class AuditChainVectorsTest {

  static final Path VECTORS = Path.of("..", "docs", "audit-chain-vectors.json");
  private static final HexFormat HEX = HexFormat.of();

  static JsonNode vectors() throws IOException {
    return JsonMapper.shared().readTree(Files.readString(VECTORS));
  }

  /** A vector's inputs as the record a producer would build (attributes in their stored order). */
  static AuditRecord record(JsonNode inputs) {
    Map<String, String> attributes = new LinkedHashMap<>();
    inputs.get("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asString()));
    JsonNode actor = inputs.get("actor");
    List<String> roles = new ArrayList<>();
    if (!actor.isNull()) {
      actor.get("roles").forEach(role -> roles.add(role.asString()));
    }
    return AuditRecord.newBuilder()
        .setEventId(inputs.get("eventId").asString())
        .setConversationId(inputs.get("conversationId").asString())
        .setSeq(inputs.get("seq").asLong())
        .setType(inputs.get("type").asString())
        .setOccurredAt(Instant.ofEpochMilli(inputs.get("occurredAt").asLong()))
        .setActor(actor.isNull() ? null
            : new Actor(actor.get("userId").asString(), roles, actor.get("officerId").asString()))
        .setTraceId(inputs.get("traceId").isNull() ? null : inputs.get("traceId").asString())
        .setPayload(ByteBuffer.wrap(HEX.parseHex(inputs.get("payload").asString())))
        .setAttributes(attributes)
        .setPrevHash(inputs.get("prevHash").asString())
        .setHash(inputs.get("hash").asString())
        .build();
  }

  @Test
  void everyVectorGivesItsCanonicalBytesHashAndStoredValue() throws IOException {
    JsonNode vectors = vectors().get("vectors");
    assertThat(vectors.size()).isEqualTo(3);
    EventSerde serde = new EventSerde();
    for (JsonNode vector : vectors) {
      AuditRecord record = record(vector.get("record"));
      String name = vector.get("name").asString();

      assertThat(HEX.formatHex(AuditChain.canonicalBytes(record))).as(name).isEqualTo(vector.get("canonical").asString());
      assertThat(AuditChain.hashOf(record)).as(name).isEqualTo(vector.get("hash").asString());
      String hash = vector.get("hash").asString();
      assertThat(AuditChain.seal(record(vector.get("record")), record.getPrevHash()).getHash()).as(name).isEqualTo(hash);

      byte[] value = serde.encode(record);
      assertThat(HEX.formatHex(value)).as(name).isEqualTo(vector.get("value").asString());
      assertThat(AuditChain.hashOfValue(HEX.parseHex(vector.get("value").asString()))).as(name).isEqualTo(hash);

      assertThat(vector.get("key").asString()).isEqualTo(AuditKeys.key(record.getConversationId(), record.getSeq()));
      List<String> sortedKeys = new ArrayList<>();
      vector.get("sortedAttributeKeys").forEach(key -> sortedKeys.add(key.asString()));
      assertThat(sortedKeys).as(name).containsExactlyElementsOf(new TreeMap<>(record.getAttributes()).keySet());
    }
  }

  @Test
  void theVectorsFormOneVerifiedChainFromTheGenesisHash() throws IOException {
    List<AuditRecord> chain = new ArrayList<>();
    vectors().get("vectors").forEach(vector -> chain.add(record(vector.get("record"))));
    assertThat(chain.get(0).getPrevHash()).isEqualTo(AuditKeys.GENESIS_HASH);
    assertThat(ChainVerification.verify(chain).verified()).isTrue();
  }

  @Test
  void theWriterSchemaFingerprintIsTheReleasedSchemasCrc64OfItsCanonicalForm() throws IOException {
    JsonNode schemas = vectors().get("writerSchemas");
    assertThat(schemas.size()).isEqualTo(1);
    String file = schemas.propertyNames().iterator().next();
    Schema released = new Schema.Parser().parse(Path.of("..", file).toFile());
    long fingerprint = SchemaNormalization.parsingFingerprint64(released);
    byte[] littleEndian = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array();
    assertThat(HEX.formatHex(littleEndian)).isEqualTo(schemas.get(file).get("fingerprintBytes").asString());
    assertThat("0x" + Long.toHexString(fingerprint)).isEqualTo(schemas.get(file).get("fingerprintLong").asString());
    for (JsonNode vector : vectors().get("vectors")) {
      assertThat(EventSerde.fingerprintOf(HEX.parseHex(vector.get("value").asString()))).isEqualTo(fingerprint);
    }
  }

  @Test
  void theCanonicalBytesOfVectorOneReadFieldByFieldAsTheSpecSays() throws IOException {
    // docs/audit-chain.md walks through these bytes; each line here is one field, worked out by hand
    String expected = String.join("",
        "10" + HEX.formatHex("evt-0001".getBytes()),        // eventId: length 8 (zig-zag 0x10), UTF-8
        "18" + HEX.formatHex("conv-vectors".getBytes()),    // conversationId: length 12
        "02",                                               // seq 1 (zig-zag 2)
        "22" + HEX.formatHex("ChatTurnSubmitted".getBytes()), // type: length 17
        "80e4aea2c268",                                     // occurredAt 1795600800000 ms, zig-zag varint
        "00",                                               // actor: union branch 0 (null)
        "00",                                               // traceId: union branch 0 (null)
        "06010203",                                         // payload: length 3, the bytes
        "00",                                               // attributes: empty map (the end block)
        "8001" + "30".repeat(64),                           // prevHash: length 64, 64 ASCII zeros
        "00");                                              // hash: "" (length 0)
    assertThat(vectors().get("vectors").get(0).get("canonical").asString()).isEqualTo(expected);
  }
}
