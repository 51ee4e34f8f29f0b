package io.loanofficer.audit;

import io.loanofficer.events.AuditIndexEntry;
import io.loanofficer.events.OffsetRange;
import io.loanofficer.events.serde.EventSerde;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The index of audit.events kept in the compacted topic audit.index: per chain id, the offset
 * ranges of its records in its partition ({@link AuditIndexEntry}), and per partition a checkpoint
 * (key {@value #CHECKPOINT_KEY}) saying up to which offset every record is indexed. Entries are
 * only ever written by the audit indexer, in the transaction that consumes the records and moves
 * the checkpoint, so an index partition read read_committed is always consistent with itself:
 * every record of a chain below the checkpoint lies in the chain's ranges.
 */
public final class AuditIndex {

  /** The checkpoint's key: no chain id is empty (an audit key needs a chain before its slash). */
  public static final String CHECKPOINT_KEY = "";

  /**
   * Offsets closer than this to a range's end extend the range instead of starting a new one: a
   * replay reads through up to this many other records rather than seek again (one fetch either way).
   */
  public static final long MAX_GAP = 256;

  /** Bounds an entry's size for a chain that never ends (a gateway's): the closest ranges merge. */
  public static final int MAX_RANGES = 512;

  private AuditIndex() {}

  /** The entry with one more record of the chain at {@code offset}; {@code entry} may be null (first record). */
  public static AuditIndexEntry withRecord(AuditIndexEntry entry, String chainId, int partition, long offset, long seq) {
    List<OffsetRange> ranges = new ArrayList<>(entry == null ? List.of() : entry.getRanges());
    OffsetRange last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
    if (last != null && offset <= last.getLast()) {
      throw new IllegalArgumentException("Offset " + offset + " of chain " + chainId + " is not after its indexed ranges");
    }
    if (last != null && offset - last.getLast() <= MAX_GAP) {
      ranges.set(ranges.size() - 1, new OffsetRange(last.getFirst(), offset));
    } else {
      ranges.add(new OffsetRange(offset, offset));
    }
    if (ranges.size() > MAX_RANGES) {
      mergeClosest(ranges);
    }
    return AuditIndexEntry.newBuilder()
        .setChainId(chainId)
        .setPartition(partition)
        .setRanges(ranges)
        .setRecords((entry == null ? 0 : entry.getRecords()) + 1)
        .setHeadSeq(Math.max(entry == null ? 0 : entry.getHeadSeq(), seq))
        .setIndexedThrough(entry == null ? 0 : entry.getIndexedThrough())
        .build();
  }

  public static AuditIndexEntry checkpoint(int partition, long indexedThrough) {
    return AuditIndexEntry.newBuilder()
        .setChainId(CHECKPOINT_KEY).setPartition(partition).setRanges(List.of())
        .setRecords(0).setHeadSeq(0).setIndexedThrough(indexedThrough)
        .build();
  }

  private static void mergeClosest(List<OffsetRange> ranges) {
    int best = 0;
    for (int i = 1; i < ranges.size() - 1; i++) {
      if (gapAfter(ranges, i) < gapAfter(ranges, best)) {
        best = i;
      }
    }
    ranges.set(best, new OffsetRange(ranges.get(best).getFirst(), ranges.get(best + 1).getLast()));
    ranges.remove(best + 1);
  }

  private static long gapAfter(List<OffsetRange> ranges, int i) {
    return ranges.get(i + 1).getFirst() - ranges.get(i).getLast();
  }

  /**
   * One partition of audit.index as read so far: the newest entry per chain id, the checkpoint, and
   * the next offset to read. Not thread-safe.
   */
  public static final class PartitionState {

    private final int partition;
    private final Map<String, AuditIndexEntry> entries = new HashMap<>();
    private final EventSerde serde = new EventSerde();
    private long indexedThrough;
    private long position;

    public PartitionState(int partition) {
      this.partition = partition;
    }

    /** Applies one record of the index partition (newest value per key wins; a tombstone removes). */
    public void apply(ConsumerRecord<String, byte[]> record) {
      position = record.offset() + 1;
      if (record.key() == null) {
        return;
      }
      if (record.value() == null) {
        entries.remove(record.key());
        return;
      }
      AuditIndexEntry entry = serde.decode(record.value(), AuditIndexEntry.class);
      if (record.key().equals(CHECKPOINT_KEY)) {
        indexedThrough = entry.getIndexedThrough();
      } else {
        entries.put(record.key(), entry);
      }
    }

    /** After the indexer's own committed write. */
    public void put(AuditIndexEntry entry) {
      entries.put(entry.getChainId(), entry);
    }

    public void setIndexedThrough(long indexedThrough) {
      this.indexedThrough = indexedThrough;
    }

    /** After a read to the partition's end: records below {@code end} are applied. */
    public void setPosition(long end) {
      position = Math.max(position, end);
    }

    public AuditIndexEntry entry(String chainId) {
      return entries.get(chainId);
    }

    public int partition() {
      return partition;
    }

    public long indexedThrough() {
      return indexedThrough;
    }

    public long position() {
      return position;
    }

    public int size() {
      return entries.size();
    }
  }
}
