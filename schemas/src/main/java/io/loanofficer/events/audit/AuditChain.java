package io.loanofficer.events.audit;

import io.loanofficer.events.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The hash chain of audit records: hash = SHA-256(prevHash || canonical record), where the canonical
 * record is the Avro binary encoding of the record with an empty hash and its attributes sorted.
 */
public final class AuditChain {

  private static final SpecificDatumWriter<AuditRecord> WRITER = new SpecificDatumWriter<>(AuditRecord.class);

  private AuditChain() {}

  /** Sets prevHash and hash on a record whose other fields are complete, and returns it. */
  public static AuditRecord seal(AuditRecord record, String prevHash) {
    record.setPrevHash(prevHash);
    record.setHash(hashOf(record));
    return record;
  }

  /** The hash a record must carry given its own prevHash. */
  public static String hashOf(AuditRecord record) {
    AuditRecord canonical = AuditRecord.newBuilder(record)
        .setAttributes(new TreeMap<>(record.getAttributes()))
        .setHash("")
        .build();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
      synchronized (WRITER) {
        WRITER.write(canonical, encoder);
      }
      encoder.flush();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(record.getPrevHash().getBytes(StandardCharsets.UTF_8));
      sha.update(bytes.toByteArray());
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
