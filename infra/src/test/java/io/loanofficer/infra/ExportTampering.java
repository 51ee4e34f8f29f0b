package io.loanofficer.infra;

import io.loanofficer.events.AuditExportEntry;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.audit.AuditChain;
import io.loanofficer.audit.AuditExportFile;
import io.loanofficer.audit.AuditLog;
import io.loanofficer.audit.ChainVerification;
import io.loanofficer.events.serde.EventSerde;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Tampered copies of an export file, made as a forger with the file (and our code) would make them:
 * every other entry and the file's metadata stay as they were, and the decoded record field is kept
 * consistent with the value, so only the chain itself can tell.
 */
final class ExportTampering {

  private static final EventSerde SERDE = new EventSerde();

  private ExportTampering() {}

  /** One payload byte of {@code seq}'s stored value flipped (the hash left as it was). */
  static File changePayloadByte(File export, Path copy, String chainId, long seq) throws IOException {
    List<AuditExportEntry> entries = entries(export);
    AuditExportEntry entry = find(entries, chainId, seq);
    byte[] value = bytes(entry.getValue());
    byte[] payload = bytes(entry.getRecord().getPayload());
    int at = indexOf(value, payload) + payload.length / 2;
    value[at] ^= 0x01;
    setValue(entry, value);
    return write(export, copy, entries);
  }

  static File remove(File export, Path copy, String chainId, long seq) throws IOException {
    List<AuditExportEntry> entries = entries(export);
    entries.remove(find(entries, chainId, seq));
    return write(export, copy, entries);
  }

  /** Two entries change places in the file, each with all its fields. */
  static File swap(File export, Path copy, String chainId, long seq, long other) throws IOException {
    List<AuditExportEntry> entries = entries(export);
    Collections.swap(entries, entries.indexOf(find(entries, chainId, seq)), entries.indexOf(find(entries, chainId, other)));
    return write(export, copy, entries);
  }

  /** {@code seq}'s record altered and sealed again with a fresh hash over its unchanged prevHash. */
  static File reseal(File export, Path copy, String chainId, long seq) throws IOException {
    List<AuditExportEntry> entries = entries(export);
    AuditExportEntry entry = find(entries, chainId, seq);
    AuditRecord forged = SERDE.decode(bytes(entry.getValue()), AuditRecord.class);
    forged.setEventId("forged");
    AuditChain.seal(forged, forged.getPrevHash());
    setValue(entry, SERDE.encode(forged));
    return write(export, copy, entries);
  }

  /** Any change to the entries, as a forger with nothing but an Avro library would make it. */
  static File rewrite(File export, Path copy, Consumer<List<AuditExportEntry>> change) throws IOException {
    List<AuditExportEntry> entries = entries(export);
    change.accept(entries);
    return write(export, copy, entries);
  }

  /** The file unchanged, written again by the same code path as the tampered copies. */
  static File copy(File export, Path copy) throws IOException {
    return write(export, copy, entries(export));
  }

  /** What the Java verification says about one chain of an export, read back from the file. */
  static ChainVerification.Result javaVerdict(File export, String chainId) throws IOException {
    return AuditExportFile.read(export).stream().filter(chain -> chain.chainId().equals(chainId))
        .findFirst().map(AuditLog::verify).orElseThrow();
  }

  static List<AuditExportEntry> entries(File export) throws IOException {
    List<AuditExportEntry> entries = new ArrayList<>();
    try (DataFileReader<AuditExportEntry> file = new DataFileReader<>(export, new SpecificDatumReader<>(AuditExportEntry.class))) {
      file.forEach(entries::add);
    }
    return entries;
  }

  private static File write(File export, Path copy, List<AuditExportEntry> entries) throws IOException {
    Map<String, byte[]> meta = new LinkedHashMap<>();
    try (DataFileReader<AuditExportEntry> file = new DataFileReader<>(export, new SpecificDatumReader<>(AuditExportEntry.class))) {
      for (String key : file.getMetaKeys()) {
        if (key.startsWith("loanofficer.")) {
          meta.put(key, file.getMeta(key));
        }
      }
    }
    try (DataFileWriter<AuditExportEntry> file = new DataFileWriter<>(new SpecificDatumWriter<>(AuditExportEntry.class))) {
      meta.forEach(file::setMeta);
      file.create(AuditExportEntry.getClassSchema(), copy.toFile());
      for (AuditExportEntry entry : entries) {
        file.append(entry);
      }
    }
    return copy.toFile();
  }

  private static AuditExportEntry find(List<AuditExportEntry> entries, String chainId, long seq) {
    return entries.stream().filter(e -> e.getChainId().equals(chainId) && e.getSeq() == seq).findFirst().orElseThrow();
  }

  private static void setValue(AuditExportEntry entry, byte[] value) {
    entry.setValue(ByteBuffer.wrap(value));
    entry.setRecord(SERDE.decode(value, AuditRecord.class));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("payload not found in the value");
  }
}
