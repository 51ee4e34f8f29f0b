package io.loanofficer.audit;

import io.loanofficer.events.AuditExportEntry;
import io.loanofficer.events.AuditExportHeader;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.serde.EventSerde;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The examiners' export of audit chains (docs/audit-chain.md, "Export file"): an Avro object
 * container file of {@link AuditExportEntry}, one per stored value or tombstone, each chain whole
 * and in log order, so that any Avro tool reads it and infra/verify-audit.py verifies it without
 * our code. The file's metadata names the topic, its partition count and what was selected.
 */
public final class AuditExportFile {

  public static final String TOPIC_META = "loanofficer.audit.topic";
  public static final String PARTITIONS_META = "loanofficer.audit.partitions";
  public static final String SELECTION_META = "loanofficer.audit.selection";
  public static final String SPEC_META = "loanofficer.audit.spec";
  public static final String SPEC = "docs/audit-chain.md v1";

  private AuditExportFile() {}

  /** Writes chains one after another (a legal hold holds one chain in memory at a time). */
  public static final class Writer implements Closeable {

    private final DataFileWriter<AuditExportEntry> file;
    private final EventSerde serde = new EventSerde();
    private int entries;

    /**
     * @param partitions the topic's partition count: with it a reader checks each chain's partition
     * @param selection what the export holds, for people (e.g. "conversation conv-1")
     */
    public Writer(OutputStream out, String topic, int partitions, String selection) throws IOException {
      this(out, topic, partitions, selection, Map.of());
    }

    /** @param extraMeta more file metadata (a backup's source end offsets, say) */
    public Writer(OutputStream out, String topic, int partitions, String selection, Map<String, String> extraMeta)
        throws IOException {
      file = new DataFileWriter<>(new SpecificDatumWriter<>(AuditExportEntry.class));
      extraMeta.forEach(file::setMeta);
      file.setMeta(TOPIC_META, topic);
      file.setMeta(PARTITIONS_META, Integer.toString(partitions));
      file.setMeta(SELECTION_META, selection);
      file.setMeta(SPEC_META, SPEC);
      file.create(AuditExportEntry.getClassSchema(), out);
    }

    /** Appends a chain read from the log: its values and tombstones in offset order. */
    public void append(AuditLog chain) throws IOException {
      List<AuditLog.Stored> stored = new ArrayList<>();
      for (AuditLog.Entry entry : chain.entries()) {
        if (entry.stored() == null) {
          throw new IllegalArgumentException("seq " + entry.keySeq() + " of " + chain.chainId()
              + " was not read from the log: an export carries the stored bytes");
        }
        stored.add(entry.stored());
      }
      if (chain.tombstones().size() != chain.erasedSeqs().size()) {
        throw new IllegalArgumentException("the tombstones of " + chain.chainId() + " were not read from the log");
      }
      stored.addAll(chain.tombstones());
      stored.sort(Comparator.comparingLong(AuditLog.Stored::offset));
      for (AuditLog.Stored value : stored) {
        file.append(entry(chain.chainId(), value));
        entries++;
      }
    }

    /**
     * Appends one record of the log as it was read (a backup: every record of a partition in offset
     * order, values and tombstones alike, whatever chain it belongs to).
     */
    public void append(AuditLog.Stored stored) throws IOException {
      file.append(entry(AuditKeys.chainOf(stored.key()), stored));
      entries++;
    }

    /** Entries written so far (values and tombstones). */
    public int entries() {
      return entries;
    }

    private AuditExportEntry entry(String chainId, AuditLog.Stored stored) {
      List<AuditExportHeader> headers = new ArrayList<>();
      for (Header header : stored.headers()) {
        headers.add(new AuditExportHeader(header.key(), header.value() == null ? null : ByteBuffer.wrap(header.value())));
      }
      return AuditExportEntry.newBuilder()
          .setChainId(chainId)
          .setSeq(AuditKeys.seqOf(stored.key()))
          .setKey(stored.key())
          .setPartition(stored.partition())
          .setOffset(stored.offset())
          .setTimestamp(Instant.ofEpochMilli(stored.timestamp()))
          .setHeaders(headers)
          .setValue(stored.value() == null ? null : ByteBuffer.wrap(stored.value()))
          // the record as decoded from the value, never as held in memory (which a caller may have changed)
          .setRecord(stored.value() == null ? null : serde.decode(stored.value(), AuditRecord.class))
          .build();
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }

  /**
   * Reads an export back into its chains, in the order they first appear, each entry in file order
   * and decoded from its value (not from the file's record field), as a verifier must.
   */
  public static List<AuditLog> read(File export) throws IOException {
    Map<String, List<AuditLog.Entry>> entries = new LinkedHashMap<>();
    Map<String, List<AuditLog.Stored>> tombstones = new LinkedHashMap<>();
    EventSerde serde = new EventSerde();
    forEachStored(export, stored -> {
      String chainId = AuditKeys.chainOf(stored.key());
      entries.computeIfAbsent(chainId, c -> new ArrayList<>());
      tombstones.computeIfAbsent(chainId, c -> new ArrayList<>());
      if (stored.value() == null) {
        tombstones.get(chainId).add(stored);
      } else {
        entries.get(chainId).add(new AuditLog.Entry(AuditKeys.seqOf(stored.key()), stored.offset(),
            serde.decode(stored.value(), AuditRecord.class), stored));
      }
    });
    List<AuditLog> chains = new ArrayList<>();
    entries.forEach((chainId, values) -> {
      TreeSet<Long> erased = new TreeSet<>();
      tombstones.get(chainId).forEach(t -> erased.add(AuditKeys.seqOf(t.key())));
      chains.add(new AuditLog(chainId, values, erased, new TreeSet<>(), tombstones.get(chainId)));
    });
    return chains;
  }

  /**
   * Hands every entry of an export to the sink in file order, as the record it was in the log: key,
   * partition, offset, timestamp, headers and the stored value (null for a tombstone). Streams: a
   * backup of the whole topic is never held in memory. Returns the number of entries.
   */
  public static long forEachStored(File export, java.util.function.Consumer<AuditLog.Stored> sink) throws IOException {
    long count = 0;
    try (DataFileReader<AuditExportEntry> file = new DataFileReader<>(export, new SpecificDatumReader<>(AuditExportEntry.class))) {
      AuditExportEntry item = null;
      while (file.hasNext()) {
        item = file.next(item);
        List<Header> headers = new ArrayList<>();
        for (AuditExportHeader header : item.getHeaders()) {
          headers.add(new RecordHeader(header.getKey(), header.getValue() == null ? null : bytes(header.getValue())));
        }
        sink.accept(new AuditLog.Stored(item.getKey(), item.getPartition(), item.getOffset(),
            item.getTimestamp().toEpochMilli(), headers, item.getValue() == null ? null : bytes(item.getValue())));
        count++;
      }
    }
    return count;
  }

  /** The file's metadata as text (topic, partitions, selection, spec, and whatever else the writer set). */
  public static Map<String, String> metadata(File export) throws IOException {
    Map<String, String> meta = new java.util.TreeMap<>();
    try (DataFileReader<AuditExportEntry> file = new DataFileReader<>(export, new SpecificDatumReader<>(AuditExportEntry.class))) {
      for (String key : file.getMetaKeys()) {
        if (!key.startsWith("avro.")) {
          meta.put(key, file.getMetaString(key));
        }
      }
    }
    return meta;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
