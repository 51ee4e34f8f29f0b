package io.loanofficer.events.audit;

import io.loanofficer.events.AuditRecord;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;

/**
 * One audit chain as read from audit.events: the newest value of each of its keys (what compaction
 * keeps), the seqs whose newest value is a tombstone (erased), and the seqs whose key was written
 * more than once (a re-write under an existing key is never done by the orchestrator).
 *
 * @param entries in log (offset) order
 */
public record AuditLog(String chainId, List<Entry> entries, SortedSet<Long> erasedSeqs, SortedSet<Long> rewrittenSeqs) {

  /** One key's newest value: the seq its key names, where it sits in the partition, the record. */
  public record Entry(long keySeq, long offset, AuditRecord record) {}

  public AuditLog {
    entries = List.copyOf(entries);
    erasedSeqs = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(erasedSeqs));
    rewrittenSeqs = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(rewrittenSeqs));
  }

  /** The records in the order of their keys' seq. */
  public List<AuditRecord> records() {
    return entries.stream().sorted(Comparator.comparingLong(Entry::keySeq)).map(Entry::record).toList();
  }

  public boolean isEmpty() {
    return entries.isEmpty() && erasedSeqs.isEmpty();
  }

  public ChainVerification.Result verify() {
    return ChainVerification.verify(this);
  }
}
