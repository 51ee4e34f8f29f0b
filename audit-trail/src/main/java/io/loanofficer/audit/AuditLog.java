package io.loanofficer.audit;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.serde.EventSerde;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.header.Header;

/**
 * One audit chain as read from audit.events: the newest value of each of its keys (what compaction
 * keeps), the seqs whose newest value is a tombstone (erased), and the seqs whose key was written
 * more than once (a re-write under an existing key is never done by the orchestrator).
 *
 * @param entries in log (offset) order
 * @param tombstones where each erased seq's tombstone sits, when the log was read from Kafka or an
 *     export (empty for a log built from records alone)
 */
public record AuditLog(String chainId, List<Entry> entries, SortedSet<Long> erasedSeqs, SortedSet<Long> rewrittenSeqs,
    List<Stored> tombstones) {

  /**
   * One key's newest value: the seq its key names, where it sits in the partition, the record, and
   * the value as stored (null for an entry built from a record alone).
   */
  public record Entry(long keySeq, long offset, AuditRecord record, Stored stored) {

    public Entry(long keySeq, long offset, AuditRecord record) {
      this(keySeq, offset, record, null);
    }

    /**
     * The hash the record's content gives: from the stored bytes under the schema they were written
     * with when they are known, else from the record under this build's schema.
     */
    public String contentHash() {
      return stored == null ? AuditChain.hashOf(record) : AuditChain.hashOfValue(stored.value());
    }

    /** The fingerprint of the schema the record was written with (this build's for a record alone). */
    public long writerFingerprint() {
      return stored == null
          ? SchemaNormalization.parsingFingerprint64(AuditRecord.getClassSchema())
          : EventSerde.fingerprintOf(stored.value());
    }
  }

  /**
   * A Kafka record of audit.events as the broker holds it: what an export carries.
   *
   * @param value the single-object encoded AuditRecord byte for byte; null for a tombstone
   */
  public record Stored(String key, int partition, long offset, long timestamp, List<Header> headers, byte[] value) {
    public Stored {
      headers = List.copyOf(headers);
    }

    // by content: two reads of the same record (a scan, a read through the index) are equal
    @Override
    public boolean equals(Object other) {
      return other instanceof Stored that && key.equals(that.key) && partition == that.partition
          && offset == that.offset && timestamp == that.timestamp && headers.equals(that.headers)
          && java.util.Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(key, partition, offset, timestamp, headers) * 31 + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Stored[" + key + " @" + partition + ":" + offset + ", " + (value == null ? "tombstone" : value.length + " bytes")
          + "]";
    }
  }

  public AuditLog {
    entries = List.copyOf(entries);
    erasedSeqs = Collections.unmodifiableSortedSet(new TreeSet<>(erasedSeqs));
    rewrittenSeqs = Collections.unmodifiableSortedSet(new TreeSet<>(rewrittenSeqs));
    tombstones = List.copyOf(tombstones);
  }

  public AuditLog(String chainId, List<Entry> entries, SortedSet<Long> erasedSeqs, SortedSet<Long> rewrittenSeqs) {
    this(chainId, entries, erasedSeqs, rewrittenSeqs, List.of());
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
