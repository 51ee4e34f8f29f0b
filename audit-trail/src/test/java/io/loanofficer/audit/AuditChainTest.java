package io.loanofficer.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.serde.UnknownSchemaException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  private static AuditRecord record(long seq, Map<String, String> attributes) {
    return AuditRecord.newBuilder()
        .setEventId("e-" + seq).setConversationId("conv-1").setSeq(seq).setType("ChatTurnSubmitted")
        .setOccurredAt(Instant.parse("2026-11-25T10:00:00Z")).setActor(null).setTraceId(null)
        .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3})).setAttributes(attributes)
        .setPrevHash("").setHash("").build();
  }

  @Test
  void hashDependsOnPreviousHashAndContentButNotOnAttributeOrder() {
    Map<String, String> a = new HashMap<>();
    a.put("gen_ai.tool.name", "getLoanStatus");
    a.put("gen_ai.tool.call.id", "call-1");
    Map<String, String> b = new java.util.LinkedHashMap<>();
    b.put("gen_ai.tool.call.id", "call-1");
    b.put("gen_ai.tool.name", "getLoanStatus");

    AuditRecord first = AuditChain.seal(record(1, a), AuditKeys.GENESIS_HASH);
    AuditRecord same = AuditChain.seal(record(1, b), AuditKeys.GENESIS_HASH);
    AuditRecord otherPrev = AuditChain.seal(record(1, a), "f".repeat(64));

    assertThat(first.getHash()).hasSize(64).isEqualTo(same.getHash());
    assertThat(otherPrev.getHash()).isNotEqualTo(first.getHash());
    assertThat(AuditChain.hashOf(first)).isEqualTo(first.getHash());

    first.setType("ChatReplyProduced");
    assertThat(AuditChain.hashOf(first)).isNotEqualTo(same.getHash());
  }

  @Test
  void aRecordIsHashedUnderItsOwnSchemaNotThisBuilds() {
    // An AuditRecord schema of another version: the same fields less traceId.
    Schema current = AuditRecord.getClassSchema();
    List<Schema.Field> fields = current.getFields().stream()
        .filter(field -> !field.name().equals("traceId"))
        .map(field -> new Schema.Field(field, field.schema()))
        .toList();
    Schema other = Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);
    AuditRecord record = AuditChain.seal(record(1, Map.of("b", "2", "a", "1")), AuditKeys.GENESIS_HASH);
    GenericData.Record written = new GenericData.Record(other);
    for (Schema.Field field : other.getFields()) {
      written.put(field.name(), record.get(field.name()));
    }

    // traceId null is one byte (union branch 0) right after actor's one byte (branch 0): without the
    // field the canonical bytes are the same less that byte
    byte[] full = AuditChain.canonicalBytes(record);
    byte[] without = AuditChain.canonicalBytes(written);
    // eventId, conversationId (length byte + UTF-8), seq (1 byte), type, occurredAt (6 bytes), actor (1 byte)
    int traceId = (1 + "e-1".length()) + (1 + "conv-1".length()) + 1 + (1 + "ChatTurnSubmitted".length()) + 6 + 1;
    assertThat(full[traceId]).isZero();
    byte[] expected = new byte[full.length - 1];
    System.arraycopy(full, 0, expected, 0, traceId);
    System.arraycopy(full, traceId + 1, expected, traceId, full.length - traceId - 1);
    assertThat(without).isEqualTo(expected);
  }

  @Test
  void aStoredValueMustBeExactlyOneRecord() {
    AuditRecord record = AuditChain.seal(record(1, Map.of()), AuditKeys.GENESIS_HASH);
    byte[] value = new EventSerde().encode(record);
    assertThat(AuditChain.hashOfValue(value)).isEqualTo(record.getHash());
    byte[] longer = java.util.Arrays.copyOf(value, value.length + 1);
    assertThatThrownBy(() -> AuditChain.hashOfValue(longer))
        .isInstanceOf(SerializationException.class).hasMessageContaining("Trailing bytes");
    byte[] unknown = value.clone();
    unknown[9] ^= 1;
    assertThatThrownBy(() -> AuditChain.hashOfValue(unknown)).isInstanceOf(UnknownSchemaException.class);
  }

  @Test
  void keysArePartitionedByConversationLikeKafkasDefaultPartitioner() {
    assertThat(AuditKeys.key("conv-1", 7)).isEqualTo("conv-1/7");
    assertThat(AuditKeys.chainOf("conv-1/7")).isEqualTo("conv-1");
    assertThat(AuditKeys.seqOf("conv-1/7")).isEqualTo(7);
    assertThat(AuditKeys.chainOf("gateway-gw-1/12")).isEqualTo("gateway-gw-1");
    assertThatThrownBy(() -> AuditKeys.seqOf("conv-1/x")).isInstanceOf(IllegalArgumentException.class);
    int expected = org.apache.kafka.common.utils.Utils.toPositive(
        org.apache.kafka.common.utils.Utils.murmur2("conv-1".getBytes())) % 6;
    assertThat(AuditKeys.partition("conv-1", 6)).isEqualTo(expected);
  }
}
