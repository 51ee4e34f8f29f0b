package io.loanofficer.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event schema must stay backward and forward compatible with its previous released
 * version, frozen in schemas/history/{Name}.v{N}.avsc: old readers (the audit replay of years ago,
 * a gateway not yet upgraded) read new records and new readers read old ones.
 * Releasing a schema change = adding the next vN file here.
 */
class SchemaEvolutionTest {

  private static final Path HISTORY = Path.of("history");
  private static final Pattern VERSION = Pattern.compile("\\.v(\\d+)\\.avsc$");

  static Stream<Class<? extends SpecificRecord>> eventTypes() {
    return EventTypes.ALL.stream();
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void currentSchemaIsFullyCompatibleWithItsLatestReleasedVersion(Class<? extends SpecificRecord> type)
      throws IOException {
    Schema current = EventTypes.schemaOf(type);
    Path released = latestReleased(type.getSimpleName());
    Schema previous = new Schema.Parser().parse(released.toFile());

    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, previous).getType())
        .as("backward: %s reads data written with %s", type.getSimpleName(), released.getFileName())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(previous, current).getType())
        .as("forward: %s reads data written with the current schema", released.getFileName())
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  /** The current schema reads every version ever released, not only the latest: old audit records stay readable. */
  @ParameterizedTest
  @MethodSource("eventTypes")
  void currentSchemaReadsEveryReleasedVersion(Class<? extends SpecificRecord> type) {
    Schema current = EventTypes.schemaOf(type);
    for (EventTypes.EventType released : EventTypes.released(type)) {
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released.schema()).getType())
          .as("backward: %s reads data written with %s", type.getSimpleName(), released)
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  private static Path latestReleased(String name) throws IOException {
    try (Stream<Path> files = Files.list(HISTORY)) {
      List<Path> versions = files
          .filter(p -> p.getFileName().toString().startsWith(name + ".v"))
          .sorted(Comparator.comparingInt(SchemaEvolutionTest::version))
          .toList();
      assertThat(versions).as("a released version of %s in %s", name, HISTORY.toAbsolutePath()).isNotEmpty();
      return versions.get(versions.size() - 1);
    }
  }

  private static int version(Path file) {
    Matcher m = VERSION.matcher(file.getFileName().toString());
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }
}
