package io.loanofficer.events.serde;

import io.loanofficer.events.AccessRefused;
import io.loanofficer.events.AuditIndexEntry;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.GuardrailVerdict;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every top-level event type of the system, with the writer schema that each single-object encoded
 * payload names by its fingerprint. A new event type is added here and nowhere else.
 */
public final class EventTypes {

  public record EventType(Class<? extends SpecificRecord> javaClass, Schema schema, long fingerprint) {}

  public static final List<Class<? extends SpecificRecord>> ALL = List.of(
      ChatTurnSubmitted.class,
      ToolCallRequested.class,
      ToolCallCompleted.class,
      ChatReplyProduced.class,
      ChatProgress.class,
      AuditRecord.class,
      ConversationState.class,
      ModelInvoked.class,
      AccessRefused.class,
      GuardrailVerdict.class,
      PiiRevealed.class,
      AuditIndexEntry.class);

  private static final Map<Long, EventType> BY_FINGERPRINT = ALL.stream()
      .map(EventTypes::describe)
      .collect(Collectors.toUnmodifiableMap(EventType::fingerprint, Function.identity()));

  private EventTypes() {}

  public static Optional<EventType> byFingerprint(long fingerprint) {
    return Optional.ofNullable(BY_FINGERPRINT.get(fingerprint));
  }

  public static Schema schemaOf(Class<? extends SpecificRecord> type) {
    try {
      return (Schema) type.getField("SCHEMA$").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(type + " is not an Avro-generated record", e);
    }
  }

  private static EventType describe(Class<? extends SpecificRecord> type) {
    Schema schema = schemaOf(type);
    return new EventType(type, schema, SchemaNormalization.parsingFingerprint64(schema));
  }
}
