package io.loanofficer.infra;

import io.loanofficer.events.serde.EventTypes;
import io.loanofficer.events.serde.EventTypes.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;

/**
 * Events as an older release wrote them: single-object encoded with one of the released schema
 * versions, built from its schema alone (the generated classes know only today's schema).
 */
final class OldReleaseEvents {

  private OldReleaseEvents() {}

  /** Encodes the fields (a nested record as a Map; a field left out takes its default) with that released version. */
  static byte[] encode(Class<? extends SpecificRecord> type, int version, Map<String, ?> fields) {
    EventType released = EventTypes.released(type).get(version - 1);
    try {
      ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released.schema())
          .encode(record(released.schema(), fields));
      return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
          buffer.arrayOffset() + buffer.limit());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An actor as every version since the first writes it. */
  static Map<String, ?> actor(String userId, String role) {
    return Map.of("userId", userId, "roles", List.of(role), "officerId", userId);
  }

  private static GenericRecord record(Schema schema, Map<String, ?> fields) {
    GenericRecord record = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      if (!fields.containsKey(field.name())) {
        if (!field.hasDefaultValue()) {
          throw new IllegalArgumentException(schema.getName() + "." + field.name() + " is missing");
        }
        record.put(field.name(), GenericData.get().getDefaultValue(field));
        continue;
      }
      Object value = fields.get(field.name());
      if (value instanceof Map<?, ?> nested && recordOf(field.schema()) != null) {
        @SuppressWarnings("unchecked")
        Map<String, ?> nestedFields = (Map<String, ?>) nested;
        value = record(recordOf(field.schema()), nestedFields);
      }
      record.put(field.name(), value);
    }
    return record;
  }

  private static Schema recordOf(Schema schema) {
    if (schema.getType() == Schema.Type.RECORD) {
      return schema;
    }
    if (schema.getType() == Schema.Type.UNION) {
      return schema.getTypes().stream().filter(t -> t.getType() == Schema.Type.RECORD).findFirst().orElse(null);
    }
    return null;
  }
}
