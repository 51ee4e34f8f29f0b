package io.loanofficer.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.audit.ChainVerification.Problem;
import io.loanofficer.events.serde.EventSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ChainVerificationTest {

  /** A sealed chain of n records. */
  static List<AuditRecord> chain(String chainId, int n) {
    List<AuditRecord> records = new ArrayList<>();
    String prev = AuditKeys.GENESIS_HASH;
    for (int seq = 1; seq <= n; seq++) {
      AuditRecord record = AuditRecord.newBuilder()
          .setEventId("e-" + seq).setConversationId(chainId).setSeq(seq).setType("ChatProgress")
          .setOccurredAt(Instant.parse("2026-11-25T10:00:00Z").plusSeconds(seq)).setActor(null).setTraceId(null)
          .setPayload(ByteBuffer.wrap(new byte[] {(byte) seq})).setAttributes(Map.of("gen_ai.tool.name", "t" + seq))
          .setPrevHash("").setHash("").build();
      records.add(AuditChain.seal(record, prev));
      prev = record.getHash();
    }
    return records;
  }

  @Test
  void anIntactChainVerifies() {
    ChainVerification.Result result = ChainVerification.verify(chain("c", 8));
    assertThat(result.verified()).isTrue();
    assertThat(result.firstBrokenSeq()).isNull();
    assertThat(result.records()).isEqualTo(8);
    assertThat(ChainVerification.verify(List.of()).verified()).isTrue();
  }

  @Test
  void aChangedRecordBreaksTheChainAtItsSeq() {
    List<AuditRecord> records = chain("c", 8);
    records.get(4).setAttributes(Map.of("gen_ai.tool.name", "something else"));
    ChainVerification.Result result = ChainVerification.verify(records);
    assertThat(result.verified()).isFalse();
    assertThat(result.firstBrokenSeq()).isEqualTo(5);
    assertThat(result.problem()).isEqualTo(Problem.CHANGED);
  }

  @Test
  void aChangedAndResealedRecordBreaksTheChainAtTheNextLink() {
    List<AuditRecord> records = chain("c", 8);
    AuditRecord altered = records.get(4);
    altered.setEventId("forged");
    AuditChain.seal(altered, altered.getPrevHash());
    ChainVerification.Result result = ChainVerification.verify(records);
    assertThat(result.firstBrokenSeq()).isEqualTo(6);
    assertThat(result.problem()).isEqualTo(Problem.PREV_HASH_MISMATCH);
  }

  @Test
  void aMissingRecordIsAGapAndAnErasedOneIsReportedAsSuch() {
    List<AuditRecord> records = chain("c", 8);
    records.remove(2);
    ChainVerification.Result missing = ChainVerification.verify(records);
    assertThat(missing.firstBrokenSeq()).isEqualTo(3);
    assertThat(missing.problem()).isEqualTo(Problem.MISSING);

    ChainVerification.Result erased = ChainVerification.verify(records, Set.of(3L));
    assertThat(erased.firstBrokenSeq()).isEqualTo(3);
    assertThat(erased.problem()).isEqualTo(Problem.ERASED);

    List<AuditRecord> tail = chain("c", 8).subList(0, 7);
    assertThat(ChainVerification.verify(tail, Set.of(8L)).firstBrokenSeq()).isEqualTo(8);
  }

  @Test
  void reorderedRecordsBreakTheChainWhereTheOrderIsWrong() {
    List<AuditRecord> records = chain("c", 8);
    AuditRecord sixth = records.remove(5);
    records.add(3, sixth);
    ChainVerification.Result result = ChainVerification.verify(records);
    assertThat(result.firstBrokenSeq()).isEqualTo(4);
    assertThat(result.problem()).isEqualTo(Problem.REORDERED);
  }

  @Test
  void aRecordWithTheWrongPrevHashBreaksTheChain() {
    List<AuditRecord> records = chain("c", 8);
    AuditRecord relinked = records.get(6);
    AuditChain.seal(relinked, "f".repeat(64));
    ChainVerification.Result result = ChainVerification.verify(records);
    assertThat(result.firstBrokenSeq()).isEqualTo(7);
    assertThat(result.problem()).isEqualTo(Problem.PREV_HASH_MISMATCH);
  }

  @Test
  void aRecordOfAnotherChainBreaksIt() {
    List<AuditRecord> records = chain("c", 4);
    records.set(2, chain("other", 4).get(2));
    assertThat(ChainVerification.verify(records).problem()).isEqualTo(Problem.WRONG_CHAIN);
    assertThat(ChainVerification.verify(records).firstBrokenSeq()).isEqualTo(3);
  }

  @Test
  void aLogIsCheckedByKeyAndByOffsetOrder() {
    List<AuditRecord> records = chain("c", 5);
    List<AuditLog.Entry> entries = new ArrayList<>();
    for (AuditRecord record : records) {
      entries.add(new AuditLog.Entry(record.getSeq(), 10 + record.getSeq(), record));
    }
    assertThat(new AuditLog("c", entries, new java.util.TreeSet<>(), new java.util.TreeSet<>()).verify().verified()).isTrue();

    // seq 3 written again, unchanged, after seq 5: its newest value sits out of order
    entries.set(2, new AuditLog.Entry(3, 99, records.get(2)));
    ChainVerification.Result late = new AuditLog("c", entries, new java.util.TreeSet<>(), new java.util.TreeSet<>()).verify();
    assertThat(late.firstBrokenSeq()).isEqualTo(3);
    assertThat(late.problem()).isEqualTo(Problem.REORDERED);

    // key 4 holding the record of seq 5
    entries = new ArrayList<>();
    for (AuditRecord record : records) {
      entries.add(new AuditLog.Entry(record.getSeq(), 10 + record.getSeq(), record.getSeq() == 4 ? records.get(4) : record));
    }
    ChainVerification.Result misplaced = new AuditLog("c", entries, new java.util.TreeSet<>(), new java.util.TreeSet<>()).verify();
    assertThat(misplaced.firstBrokenSeq()).isEqualTo(4);
    assertThat(misplaced.problem()).isEqualTo(Problem.REORDERED);
  }

  @Test
  void aLogIsHashedFromTheStoredBytesNotFromTheDecodedRecord() {
    EventSerde serde = new EventSerde();
    List<AuditRecord> records = chain("c", 3);
    List<AuditLog.Entry> entries = new ArrayList<>();
    for (AuditRecord record : records) {
      byte[] value = serde.encode(record);
      if (record.getSeq() == 2) {
        value[value.length - 70] ^= 1; // inside prevHash's text: the stored bytes changed
      }
      AuditLog.Stored stored = new AuditLog.Stored(AuditKeys.key("c", record.getSeq()), 0, record.getSeq(), 0,
          List.of(), value);
      entries.add(new AuditLog.Entry(record.getSeq(), record.getSeq(), record, stored));
    }
    // the decoded records are intact, the stored bytes of seq 2 are not
    assertThat(ChainVerification.verify(records).verified()).isTrue();
    ChainVerification.Result result = new AuditLog("c", entries, new TreeSet<>(), new TreeSet<>()).verify();
    assertThat(result.firstBrokenSeq()).isEqualTo(2);
    assertThat(result.problem()).isEqualTo(Problem.CHANGED);
  }

  @Test
  void entriesListedOutOfSeqOrderAreReorderedEvenWithTheirOwnOffsets() {
    List<AuditRecord> records = chain("c", 5);
    List<AuditLog.Entry> entries = new ArrayList<>();
    for (AuditRecord record : records) {
      entries.add(new AuditLog.Entry(record.getSeq(), 10 + record.getSeq(), record));
    }
    // an export whose entries 3 and 4 changed places, each keeping its offset
    java.util.Collections.swap(entries, 2, 3);
    ChainVerification.Result result = new AuditLog("c", entries, new TreeSet<>(), new TreeSet<>()).verify();
    assertThat(result.firstBrokenSeq()).isEqualTo(3);
    assertThat(result.problem()).isEqualTo(Problem.REORDERED);
    assertThat(result.detail()).isEqualTo("seq 3 is listed after seq 4");
  }
}
