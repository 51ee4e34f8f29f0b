package io.loanofficer.events.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.AuditRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
  void keysArePartitionedByConversationLikeKafkasDefaultPartitioner() {
    assertThat(AuditKeys.key("conv-1", 7)).isEqualTo("conv-1/7");
    assertThat(AuditKeys.chainOf("conv-1/7")).isEqualTo("conv-1");
    int expected = org.apache.kafka.common.utils.Utils.toPositive(
        org.apache.kafka.common.utils.Utils.murmur2("conv-1".getBytes())) % 6;
    assertThat(AuditKeys.partition("conv-1", 6)).isEqualTo(expected);
  }
}
