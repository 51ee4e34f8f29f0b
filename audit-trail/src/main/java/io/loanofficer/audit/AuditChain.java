package io.loanofficer.audit;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.serde.EventSerde;
import io.loanofficer.events.serde.EventTypes;
import io.loanofficer.events.serde.UnknownSchemaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The hash chain of audit records, as docs/audit-chain.md specifies it: hash = SHA-256(prevHash as
 * its 64 hex characters in UTF-8 || canonical record), where the canonical record is the plain Avro
 * binary encoding (no single-object header) of the record under the schema it was written with,
 * with hash set to "" and the attributes map in ascending key order ({@link String#compareTo}).
 */
public final class AuditChain {

  /** AuditRecord's own model: it knows the timestamp conversion of occurredAt (an Instant in the class). */
  private static final SpecificData MODEL = SpecificData.getForClass(AuditRecord.class);

  private AuditChain() {}

  /** Sets prevHash and hash on a record whose other fields are complete, and returns it. */
  public static AuditRecord seal(AuditRecord record, String prevHash) {
    record.setPrevHash(prevHash);
    record.setHash(hashOf(record));
    return record;
  }

  /**
   * The hash a record must carry given its own prevHash, with the record in this build's AuditRecord
   * schema: the writer schema of every record this code seals. For a record read from the log use
   * {@link #hashOfValue}, which hashes under the schema the record was written with.
   */
  public static String hashOf(AuditRecord record) {
    return hash(record);
  }

  /**
   * The hash that the AuditRecord stored as {@code value} (single-object encoding, as on
   * audit.events) must carry: the record decoded with the writer schema its fingerprint names, and
   * canonicalised and encoded under that same schema.
   *
   * @throws UnknownSchemaException when no known AuditRecord schema has the value's fingerprint
   * @throws SerializationException when the value is not exactly one AuditRecord
   */
  public static String hashOfValue(byte[] value) {
    return hash(decodeWritten(value));
  }

  /** The bytes hashed after prevHash: the canonical record under the record's own schema. */
  public static byte[] canonicalBytes(IndexedRecord record) {
    Schema schema = record.getSchema();
    GenericData.Record canonical = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      canonical.put(field.pos(), record.get(field.pos()));
    }
    canonical.put("hash", "");
    Map<String, Object> sorted = new TreeMap<>();
    ((Map<?, ?>) record.get(schema.getField("attributes").pos()))
        .forEach((key, value) -> sorted.put(key.toString(), value));
    canonical.put("attributes", sorted);
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
      new GenericDatumWriter<GenericRecord>(schema, MODEL).write(canonical, encoder);
      encoder.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stored AuditRecord value decoded with its writer schema, every field as written. */
  static GenericRecord decodeWritten(byte[] value) {
    long fingerprint = EventSerde.fingerprintOf(value);
    Schema writer = EventTypes.byFingerprint(fingerprint)
        .orElseThrow(() -> new UnknownSchemaException(fingerprint))
        .schema();
    if (!writer.getFullName().equals(AuditRecord.getClassSchema().getFullName())) {
      throw new SerializationException("Not an AuditRecord but a " + writer.getFullName());
    }
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, 10, value.length - 10, null);
    GenericRecord record;
    boolean whole;
    try {
      record = new GenericDatumReader<GenericRecord>(writer, writer, GenericData.get()).read(null, decoder);
      whole = decoder.isEnd();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Corrupt AuditRecord value (" + value.length + " bytes)", e);
    }
    if (!whole) {
      // bytes after the record are covered by no hash: a value must be exactly one record
      throw new SerializationException("Trailing bytes after the AuditRecord in a " + value.length + "-byte value");
    }
    return record;
  }

  private static String hash(IndexedRecord record) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(record.get(record.getSchema().getField("prevHash").pos()).toString().getBytes(StandardCharsets.UTF_8));
      sha.update(canonicalBytes(record));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
