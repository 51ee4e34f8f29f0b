package io.loanofficer.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.loanofficer.events.AuditIndexEntry;
import io.loanofficer.events.OffsetRange;
import org.junit.jupiter.api.Test;

/** How an index entry grows: ranges extended within the gap, new ones past it, the closest merged at the cap. */
class AuditIndexTest {

  @Test
  void anOffsetWithinTheGapExtendsTheLastRangeAndOnePastItStartsANewOne() {
    AuditIndexEntry entry = AuditIndex.withRecord(null, "conv-1", 2, 10, 1);
    entry = AuditIndex.withRecord(entry, "conv-1", 2, 10 + AuditIndex.MAX_GAP, 2);
    entry = AuditIndex.withRecord(entry, "conv-1", 2, 10 + 2 * AuditIndex.MAX_GAP + 1, 3);
    entry = AuditIndex.withRecord(entry, "conv-1", 2, 600, 2); // a re-write of seq 2

    assertThat(entry.getRanges()).extracting(OffsetRange::getFirst, OffsetRange::getLast)
        .containsExactly(tuple(10L, 266L), tuple(523L, 600L));
    assertThat(entry.getRecords()).isEqualTo(4);
    assertThat(entry.getHeadSeq()).isEqualTo(3);
    assertThat(entry.getChainId()).isEqualTo("conv-1");
    assertThat(entry.getPartition()).isEqualTo(2);
  }

  @Test
  void anOffsetNotAfterTheIndexedRangesIsRefused() {
    AuditIndexEntry entry = AuditIndex.withRecord(null, "conv-1", 0, 50, 1);
    assertThatThrownBy(() -> AuditIndex.withRecord(entry, "conv-1", 0, 50, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Offset 50 of chain conv-1 is not after its indexed ranges");
  }

  @Test
  void pastTheCapTheTwoClosestRangesMerge() {
    AuditIndexEntry entry = null;
    // ranges at 0, 1000, 2000, ... except the 101st, which sits 300 after the 100th (the closest pair)
    long offset = 0;
    for (int i = 0; i < AuditIndex.MAX_RANGES; i++) {
      entry = AuditIndex.withRecord(entry, "gateway-gw-1", 0, offset, i + 1);
      offset += i == 99 ? 300 : 1000;
    }
    assertThat(entry.getRanges()).hasSize(AuditIndex.MAX_RANGES);
    entry = AuditIndex.withRecord(entry, "gateway-gw-1", 0, offset, AuditIndex.MAX_RANGES + 1);

    assertThat(entry.getRanges()).hasSize(AuditIndex.MAX_RANGES);
    assertThat(entry.getRanges().get(99)).extracting(OffsetRange::getFirst, OffsetRange::getLast)
        .containsExactly(99_000L, 99_300L);
    assertThat(entry.getRanges().get(100).getFirst()).isEqualTo(100_300L);
    assertThat(entry.getRanges().get(AuditIndex.MAX_RANGES - 1).getFirst()).isEqualTo(offset);
    assertThat(entry.getRecords()).isEqualTo(AuditIndex.MAX_RANGES + 1);
  }

  @Test
  void theCheckpointIsTheEntryOfTheEmptyKey() {
    AuditIndexEntry checkpoint = AuditIndex.checkpoint(4, 1234);
    assertThat(checkpoint.getChainId()).isEqualTo(AuditIndex.CHECKPOINT_KEY).isEmpty();
    assertThat(checkpoint.getPartition()).isEqualTo(4);
    assertThat(checkpoint.getIndexedThrough()).isEqualTo(1234);
    assertThat(checkpoint.getRanges()).isEmpty();
  }
}
