package io.loanofficer.events.serde;

import io.loanofficer.events.AccessRefused;
import io.loanofficer.events.AuditIndexEntry;
import io.loanofficer.events.AuditRecord;
import io.loanofficer.events.ChatProgress;
import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.ConversationState;
import io.loanofficer.events.GuardrailVerdict;
import io.loanofficer.events.ModelAnswered;
import io.loanofficer.events.ModelInvoked;
import io.loanofficer.events.AlertRaised;
import io.loanofficer.events.LendingChangeCaptured;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.ToolCallCompleted;
import io.loanofficer.events.ToolCallRequested;
import io.loanofficer.events.TurnDeadlineReached;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every top-level event type of the system and every released version of its schema. A payload
 * names its writer schema by fingerprint; {@link #byFingerprint} gives that writer schema and the
 * generated class it is read into (resolved to the class's current schema by {@link EventSerde}).
 * A new event type is added to {@link #ALL} and released like any schema change (docs/adr/0006).
 *
 * <p>The released schemas are schemas/history/{Name}.v{N}.avsc, packaged as classpath resources
 * under {@value #HISTORY} with the manifest {@value #MANIFEST} that lists them with their pinned
 * fingerprints (a jar cannot be listed, and the pin makes an edited file fail loudly).
 */
public final class EventTypes {

  /** Where the released schemas sit on the classpath. */
  public static final String HISTORY = "/io/loanofficer/events/history/";
  /** The manifest of released schemas, one {@code name version fingerprint} line each. */
  public static final String MANIFEST = "released-schemas.txt";

  /**
   * One schema of one event type.
   *
   * @param schema the writer schema that {@code fingerprint} names, as released
   * @param version its release number (schemas/history/{name}.v{version}.avsc); 0 for a schema compiled
   *     into this build but not yet released (the build's tests refuse to let one ship)
   */
  public record EventType(Class<? extends SpecificRecord> javaClass, Schema schema, long fingerprint, int version) {

    /** The record's name, e.g. ChatTurnSubmitted. */
    public String name() {
      return javaClass.getSimpleName();
    }

    /** The fingerprint as written in payloads and logs: 16 hex digits. */
    public String fingerprintHex() {
      return hex(fingerprint);
    }

    public boolean released() {
      return version > 0;
    }

    @Override
    public String toString() {
      return name() + " v" + version + " (" + fingerprintHex() + ")";
    }
  }

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
      LendingChangeCaptured.class,
      AlertRaised.class,
      ModelAnswered.class,
      TurnDeadlineReached.class,
      AuditIndexEntry.class);

  private static final List<EventType> RELEASED = loadReleased();

  private static final Map<Long, EventType> BY_FINGERPRINT = byFingerprint(RELEASED);

  private EventTypes() {}

  /** The type and writer schema of a payload's fingerprint: a released version or a current schema. */
  public static Optional<EventType> byFingerprint(long fingerprint) {
    return Optional.ofNullable(BY_FINGERPRINT.get(fingerprint));
  }

  /** Every released schema of every type, by name then version. */
  public static List<EventType> released() {
    return RELEASED;
  }

  /** The released versions of one type, oldest first. */
  public static List<EventType> released(Class<? extends SpecificRecord> type) {
    return RELEASED.stream().filter(t -> t.javaClass().equals(type)).toList();
  }

  /** The schema this build writes for a type: its latest released version when released. */
  public static EventType current(Class<? extends SpecificRecord> type) {
    return BY_FINGERPRINT.get(SchemaNormalization.parsingFingerprint64(schemaOf(type)));
  }

  public static Schema schemaOf(Class<? extends SpecificRecord> type) {
    try {
      return (Schema) type.getField("SCHEMA$").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(type + " is not an Avro-generated record", e);
    }
  }

  /** 16 hex digits, as single-object encoding writes a fingerprint (read little-endian). */
  public static String hex(long fingerprint) {
    return HexFormat.of().toHexDigits(fingerprint);
  }

  /** The lines of the manifest: name, version, pinned fingerprint; in file order. */
  public static List<ManifestLine> manifest() {
    List<ManifestLine> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(resource(MANIFEST), StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String content = line.replaceFirst("#.*", "").trim();
        if (content.isEmpty()) {
          continue;
        }
        String[] parts = content.split("\\s+");
        if (parts.length != 3 || !parts[1].matches("[1-9][0-9]*") || !parts[2].matches("[0-9a-f]{16}")) {
          throw new IllegalStateException(MANIFEST + " line " + number + " is not 'name version fingerprint': " + line);
        }
        lines.add(new ManifestLine(parts[0], Integer.parseInt(parts[1]), Long.parseUnsignedLong(parts[2], 16)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /** One released schema as the manifest pins it. */
  public record ManifestLine(String name, int version, long fingerprint) {

    public String file() {
      return name + ".v" + version + ".avsc";
    }
  }

  private static List<EventType> loadReleased() {
    Map<String, Class<? extends SpecificRecord>> classes = ALL.stream()
        .collect(Collectors.toMap(Class::getSimpleName, Function.identity()));
    List<EventType> released = new ArrayList<>();
    for (ManifestLine line : manifest()) {
      Class<? extends SpecificRecord> type = classes.get(line.name());
      if (type == null) {
        throw new IllegalStateException(MANIFEST + " names " + line.name() + ", which is not in EventTypes.ALL");
      }
      Schema schema;
      try (InputStream in = resource(line.file())) {
        schema = new Schema.Parser().parse(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read released schema " + line.file(), e);
      }
      long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
      if (fingerprint != line.fingerprint() || !schema.getFullName().equals(type.getName())) {
        // a released schema was edited: records written with it would no longer decode
        throw new IllegalStateException("Released schema " + line.file() + " has fingerprint " + hex(fingerprint)
            + " and name " + schema.getFullName() + ", but " + MANIFEST + " pins " + hex(line.fingerprint())
            + " for " + type.getName() + ": a released schema must never change");
      }
      released.add(new EventType(type, schema, fingerprint, line.version()));
    }
    released.sort(Comparator.comparing(EventType::name).thenComparingInt(EventType::version));
    return List.copyOf(released);
  }

  private static Map<Long, EventType> byFingerprint(List<EventType> released) {
    Map<Long, EventType> all = new HashMap<>();
    for (EventType type : released) {
      EventType clash = all.putIfAbsent(type.fingerprint(), type);
      if (clash != null) {
        throw new IllegalStateException(type + " and " + clash + " have the same fingerprint");
      }
    }
    for (Class<? extends SpecificRecord> type : ALL) {
      // a schema changed in this working tree but not released yet still round-trips in its own tests
      Schema schema = schemaOf(type);
      all.putIfAbsent(SchemaNormalization.parsingFingerprint64(schema),
          new EventType(type, schema, SchemaNormalization.parsingFingerprint64(schema), 0));
    }
    return Map.copyOf(all);
  }

  private static InputStream resource(String name) {
    InputStream in = EventTypes.class.getResourceAsStream(HISTORY + name);
    if (in == null) {
      throw new IllegalStateException("Released schema resource " + HISTORY + name
          + " is missing: the schemas jar must package schemas/history");
    }
    return in;
  }
}
