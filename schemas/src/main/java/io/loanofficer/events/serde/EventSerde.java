package io.loanofficer.events.serde;

import io.loanofficer.events.serde.EventTypes.EventType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one Kafka serde of the system: Avro single-object encoding (marker C3 01, the 8-byte schema
 * fingerprint, the binary record). It writes each event with the oldest released schema of its type
 * that carries the value whole ({@link OldestWriterSchema}, so a previous release still reads what
 * does not need a newer field: docs/adr/0019), else its current schema; it reads every
 * released schema version ({@link EventTypes}), resolved to the generated class's current schema
 * (fields added since take their defaults). No registry is needed, and one topic may carry several
 * event types (chat.replies does).
 */
public final class EventSerde implements Serde<SpecificRecord>, Serializer<SpecificRecord>,
    Deserializer<SpecificRecord> {

  private static final byte[] MARKER = {(byte) 0xC3, (byte) 0x01};
  private static final int HEADER_LENGTH = 10;

  static {
    // Avro 1.12 refuses to instantiate generated classes it was not told to trust: trust exactly ours.
    String events = EventTypes.ALL.get(0).getPackageName() + ".";
    ClassSecurityPredicate ours = type -> type.getName().startsWith(events);
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours));
  }

  private final Map<Class<?>, OldestWriterSchema> writerSchemas = new ConcurrentHashMap<>();
  private final Map<Schema, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();
  private final Map<Long, BinaryMessageDecoder<SpecificRecord>> decoders = new ConcurrentHashMap<>();

  /** Encodes one event to its single-object form. */
  public byte[] encode(SpecificRecord event) {
    try {
      Schema schema = writerSchemas.computeIfAbsent(event.getClass(), type -> OldestWriterSchema.of(event.getClass()))
          .schemaFor(event);
      ByteBuffer buffer = encoders
          .computeIfAbsent(schema, writer -> new BinaryMessageEncoder<>(SpecificData.get(), writer))
          .encode(event);
      return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
          buffer.arrayOffset() + buffer.limit());
    } catch (IOException e) {
      throw new SerializationException("Cannot encode " + event.getSchema().getFullName(), e);
    }
  }

  /** Decodes a single-object payload to the generated class its fingerprint names. */
  public SpecificRecord decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    long fingerprint = fingerprintOf(bytes);
    BinaryMessageDecoder<SpecificRecord> decoder = decoders.computeIfAbsent(fingerprint, fp -> {
      EventType writer = EventTypes.byFingerprint(fp).orElseThrow(() -> new UnknownSchemaException(fp));
      // read into the generated class's current schema, resolving from the (possibly older) writer schema
      BinaryMessageDecoder<SpecificRecord> resolving =
          new BinaryMessageDecoder<>(SpecificData.get(), EventTypes.schemaOf(writer.javaClass()));
      resolving.addSchema(writer.schema());
      return resolving;
    });
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Corrupt " + EventTypes.byFingerprint(fingerprint).orElseThrow()
          + " payload", e);
    }
  }

  /** Decodes and checks the type, for topics that carry exactly one event type. */
  public <T extends SpecificRecord> T decode(byte[] bytes, Class<T> expected) {
    SpecificRecord record = decode(bytes);
    if (!expected.isInstance(record)) {
      throw new SerializationException("Expected " + expected.getSimpleName() + " but got "
          + record.getSchema().getFullName());
    }
    return expected.cast(record);
  }

  public static long fingerprintOf(byte[] bytes) {
    if (bytes.length < HEADER_LENGTH || bytes[0] != MARKER[0] || bytes[1] != MARKER[1]) {
      throw new SerializationException("Not an Avro single-object payload ("
          + bytes.length + " bytes, no C3 01 marker)");
    }
    return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  @Override
  public byte[] serialize(String topic, SpecificRecord data) {
    return data == null ? null : encode(data);
  }

  @Override
  public SpecificRecord deserialize(String topic, byte[] data) {
    return decode(data);
  }

  @Override
  public Serializer<SpecificRecord> serializer() {
    return this;
  }

  @Override
  public Deserializer<SpecificRecord> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
