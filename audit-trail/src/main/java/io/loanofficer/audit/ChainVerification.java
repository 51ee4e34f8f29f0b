package io.loanofficer.audit;

import io.loanofficer.events.AuditRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Verifies one audit chain. Pure: no I/O. Given the chain's records in seq order it checks, link by
 * link from seq 1, that the seq is the next one (no gap, nothing out of order), that prevHash equals
 * the previous record's hash (64 zeros for seq 1) and that the record's hash is the one its content
 * gives ({@link AuditChain#hashOf}). The first link that fails is reported with what failed.
 *
 * <p>What a hash chain can and cannot show: a record altered without re-sealing fails at its own
 * seq ({@link Problem#CHANGED}); a record altered and re-sealed with a fresh hash is consistent in
 * itself, so the chain breaks at the next seq ({@link Problem#PREV_HASH_MISMATCH}); the head of a
 * chain altered and re-sealed is only caught against an independent copy of the head hash (the
 * conversation state's auditHash).
 */
public final class ChainVerification {

  /** What broke the chain at {@link Result#firstBrokenSeq()}. */
  public enum Problem {
    /** content changed: the record's hash is not the hash of its content */
    CHANGED,
    /** a seq is absent and no tombstone says why */
    MISSING,
    /** a seq was removed by a tombstone (legal erasure) */
    ERASED,
    /** a record is not where its seq puts it (log order, or a record under another record's key) */
    REORDERED,
    /** prevHash is not the previous record's hash */
    PREV_HASH_MISMATCH,
    /** the record belongs to another chain */
    WRONG_CHAIN
  }

  /**
   * @param verified every link checks out and no seq is missing
   * @param firstBrokenSeq the first seq at which the chain breaks; null when verified
   * @param problem what broke there; null when verified
   * @param detail a sentence for people
   * @param records records checked
   */
  public record Result(boolean verified, Long firstBrokenSeq, Problem problem, String detail, int records) {

    static Result ok(int records) {
      return new Result(true, null, null, "chain verified: " + records + " records, seq 1.." + records, records);
    }

    static Result broken(long seq, Problem problem, String detail, int records) {
      return new Result(false, seq, problem, detail, records);
    }

    /** The earlier of two results' breaks (a verified result loses). */
    Result earliest(Result other) {
      if (verified) {
        return other;
      }
      if (other.verified) {
        return this;
      }
      if (!other.firstBrokenSeq.equals(firstBrokenSeq)) {
        return other.firstBrokenSeq < firstBrokenSeq ? other : this;
      }
      // the same seq: the more telling problem (a changed record also sits out of log order)
      return rank(other.problem) < rank(problem) ? other : this;
    }

    private static int rank(Problem problem) {
      return switch (problem) {
        case WRONG_CHAIN -> 0;
        case CHANGED -> 1;
        case PREV_HASH_MISMATCH -> 2;
        case REORDERED -> 3;
        case ERASED -> 4;
        case MISSING -> 5;
      };
    }
  }

  private ChainVerification() {}

  /** Verifies records given in seq order. */
  public static Result verify(List<AuditRecord> records) {
    return verify(records, Set.of());
  }

  /** Verifies records given in seq order; a gap at one of {@code erasedSeqs} is reported as ERASED. */
  public static Result verify(List<AuditRecord> records, Set<Long> erasedSeqs) {
    return verifyLinks(records.stream().map(record -> new AuditLog.Entry(record.getSeq(), -1, record)).toList(),
        erasedSeqs);
  }

  /** The links of entries in seq order, each hash from the entry's content ({@link AuditLog.Entry#contentHash}). */
  private static Result verifyLinks(List<AuditLog.Entry> entries, Set<Long> erasedSeqs) {
    Set<Long> present = new HashSet<>();
    for (AuditLog.Entry entry : entries) {
      present.add(entry.record().getSeq());
    }
    String chain = entries.isEmpty() ? null : entries.get(0).record().getConversationId();
    long expected = 1;
    String prevHash = AuditKeys.GENESIS_HASH;
    for (AuditLog.Entry entry : entries) {
      AuditRecord record = entry.record();
      long seq = record.getSeq();
      if (!record.getConversationId().equals(chain)) {
        return Result.broken(expected, Problem.WRONG_CHAIN, "seq " + expected + " holds a record of chain "
            + record.getConversationId() + ", not " + chain, entries.size());
      }
      if (seq != expected) {
        if (erasedSeqs.contains(expected)) {
          return Result.broken(expected, Problem.ERASED, "seq " + expected + " was erased (tombstone)", entries.size());
        }
        if (seq < expected || present.contains(expected)) {
          return Result.broken(expected, Problem.REORDERED, "seq " + expected + " is out of order: found seq " + seq
              + " in its place", entries.size());
        }
        return Result.broken(expected, Problem.MISSING, "seq " + expected + " is missing (next present: " + seq + ")",
            entries.size());
      }
      if (!record.getPrevHash().equals(prevHash)) {
        return Result.broken(seq, Problem.PREV_HASH_MISMATCH, "seq " + seq + ": prevHash does not match the hash of seq "
            + (seq - 1) + " (seq " + (seq - 1) + " was re-sealed, or this link was altered)", entries.size());
      }
      if (!entry.contentHash().equals(record.getHash())) {
        return Result.broken(seq, Problem.CHANGED, "seq " + seq + ": content does not match its hash (altered)",
            entries.size());
      }
      prevHash = record.getHash();
      expected++;
    }
    SortedSet<Long> erasedAfter = new TreeSet<>(erasedSeqs).tailSet(expected);
    if (!erasedAfter.isEmpty()) {
      long seq = erasedAfter.first();
      return Result.broken(seq, seq == expected ? Problem.ERASED : Problem.MISSING,
          "seq " + seq + " was erased (tombstone) at the end of the chain", entries.size());
    }
    return Result.ok(entries.size());
  }

  /**
   * Verifies a chain as read from the log (or from an export): records in the order of their keys'
   * seq, each hashed from its stored bytes under the schema it was written with, erasures from
   * tombstones, and the log order itself: a record written after a later seq, or listed after a
   * later seq, is out of order.
   */
  public static Result verify(AuditLog log) {
    List<AuditLog.Entry> byKey = new ArrayList<>(log.entries());
    byKey.sort(Comparator.comparingLong(AuditLog.Entry::keySeq));
    Result placement = Result.ok(byKey.size());
    for (AuditLog.Entry entry : byKey) {
      if (entry.record().getSeq() != entry.keySeq() && placement.verified()) {
        placement = Result.broken(entry.keySeq(), Problem.REORDERED, "key " + log.chainId() + "/" + entry.keySeq()
            + " holds the record of seq " + entry.record().getSeq(), byKey.size());
      }
    }
    // A seq whose newest value sits after a later seq's in the partition was written out of order.
    Result order = Result.ok(byKey.size());
    long laterMin = Long.MAX_VALUE;
    for (int i = byKey.size() - 1; i >= 0; i--) {
      AuditLog.Entry entry = byKey.get(i);
      if (entry.offset() > laterMin) {
        order = Result.broken(entry.keySeq(), Problem.REORDERED, "seq " + entry.keySeq()
            + " was written to the log after a later seq (offset " + entry.offset() + ")", byKey.size());
      }
      laterMin = Math.min(laterMin, entry.offset());
    }
    // The entries' own order (an export's file order) must be the log's: a seq listed after a later one.
    long listedMax = Long.MIN_VALUE;
    for (AuditLog.Entry entry : log.entries()) {
      if (entry.keySeq() < listedMax) {
        order = order.earliest(Result.broken(entry.keySeq(), Problem.REORDERED, "seq " + entry.keySeq()
            + " is listed after seq " + listedMax, byKey.size()));
      }
      listedMax = Math.max(listedMax, entry.keySeq());
    }
    return verifyLinks(byKey, log.erasedSeqs()).earliest(placement).earliest(order);
  }
}
