package io.loanofficer.events.serde;

import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.serde.EventTypes.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Picks the schema an event is written with: the oldest released version of its type that carries
 * the value whole (docs/adr/0019). During a rolling upgrade the previous release still reads the
 * shared topics, and it knows only the versions released before this one; a value that does not
 * use a field added since is written so that it can read it. A value that does use one needs the
 * new version, which an older reader cannot decode whatever the writer does.
 *
 * <p>An older version qualifies only when its fields are, by name, order and schema, the first
 * fields of the current schema: then the generated record's field positions are the older
 * schema's too, and the fields after them are the ones it lacks. A field added there carries
 * nothing when it holds its default, which is what a reader of the newer version fills in.
 */
final class OldestWriterSchema {

  /** An older released version and the current schema's fields it lacks. */
  private record Older(EventType type, List<Schema.Field> added) {}

  private final Schema current;
  private final List<Older> older;

  private OldestWriterSchema(Schema current, List<Older> older) {
    this.current = current;
    this.older = older;
  }

  static OldestWriterSchema of(Class<? extends SpecificRecord> javaClass) {
    Schema current = EventTypes.schemaOf(javaClass);
    List<Older> older = new ArrayList<>();
    if (javaClass == AuditRecord.class) {
      // sealed under the schema this build compiled (AuditChain, ADR 0007): written in that schema, or its hash would not verify
      return new OldestWriterSchema(current, older);
    }
    long currentFingerprint = SchemaNormalization.parsingFingerprint64(current);
    for (EventType released : EventTypes.released(javaClass)) {
      if (released.fingerprint() != currentFingerprint && isPrefixOf(released.schema(), current)) {
        int known = released.schema().getFields().size();
        older.add(new Older(released, current.getFields().subList(known, current.getFields().size())));
      }
    }
    return new OldestWriterSchema(current, List.copyOf(older));
  }

  /** The schema to write {@code event} with: an older released one when it carries the value whole. */
  Schema schemaFor(SpecificRecord event) {
    for (Older candidate : older) {
      if (candidate.added().stream().allMatch(field -> holdsDefault(event.get(field.pos()), field))) {
        return candidate.type().schema();
      }
    }
    return current;
  }

  /** The older versions this type may be written with, oldest first (for tests and the ADR's table). */
  List<EventType> olderVersions() {
    return older.stream().map(Older::type).toList();
  }

  private static boolean isPrefixOf(Schema older, Schema current) {
    List<Schema.Field> olderFields = older.getFields();
    List<Schema.Field> currentFields = current.getFields();
    if (olderFields.size() >= currentFields.size()) {
      return false;
    }
    for (int i = 0; i < olderFields.size(); i++) {
      Schema.Field was = olderFields.get(i);
      Schema.Field is = currentFields.get(i);
      if (!was.name().equals(is.name())
          || SchemaNormalization.parsingFingerprint64(was.schema())
              != SchemaNormalization.parsingFingerprint64(is.schema())) {
        return false;
      }
    }
    // every added field needs a default, else a newer reader could not read what the older schema wrote
    return currentFields.subList(olderFields.size(), currentFields.size()).stream().allMatch(Schema.Field::hasDefaultValue);
  }

  private static boolean holdsDefault(Object value, Schema.Field field) {
    Object defaultValue = SpecificData.get().getDefaultValue(field);
    if (value == null || defaultValue == null) {
      return value == defaultValue;
    }
    if (value instanceof Map<?, ?> map && defaultValue instanceof Map<?, ?> defaultMap) {
      // Avro cannot compare maps; a map default here is the empty map
      return map.isEmpty() && defaultMap.isEmpty();
    }
    if (value instanceof List<?> list && defaultValue instanceof List<?> defaultList && list.isEmpty()) {
      return defaultList.isEmpty();
    }
    try {
      return SpecificData.get().compare(value, defaultValue, field.schema()) == 0;
    } catch (AvroRuntimeException e) {
      return false; // a map inside: not provably the default, so the current version writes it
    }
  }
}
