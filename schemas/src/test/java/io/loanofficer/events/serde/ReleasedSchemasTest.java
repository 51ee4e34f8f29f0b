package io.loanofficer.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.loanofficer.events.ChatTurnSubmitted;
import io.loanofficer.events.PiiRevealed;
import io.loanofficer.events.serde.EventTypes.EventType;
import io.loanofficer.events.serde.EventTypes.ManifestLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A released schema can never be deleted or edited: records written with it may sit in
 * audit.events for years. schemas/history/released-schemas.txt pins every released file's
 * fingerprint; this build fails when a file and the manifest disagree, when a file or line goes
 * missing, or when a schema changes without being released.
 */
class ReleasedSchemasTest {

  private static final Path HISTORY = Path.of("history");

  @Test
  void everyHistoryFileIsInTheManifestAndEveryLineHasItsFile() throws IOException {
    List<String> files;
    try (Stream<Path> list = Files.list(HISTORY)) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> !n.equals(EventTypes.MANIFEST)).sorted().toList();
    }
    List<String> listed = EventTypes.manifest().stream().map(ManifestLine::file).toList();
    StringBuilder toAdd = new StringBuilder();
    for (String file : files) {
      if (!listed.contains(file)) {
        Schema schema = new Schema.Parser().parse(HISTORY.resolve(file).toFile());
        toAdd.append("\n  ").append(file.replace(".avsc", "").replace(".v", " ")).append(' ')
            .append(EventTypes.hex(SchemaNormalization.parsingFingerprint64(schema)));
      }
    }
    assertThat(files).as("files in %s (a new release needs its manifest line:%s)", HISTORY.toAbsolutePath(), toAdd)
        .containsExactlyInAnyOrderElementsOf(listed);
  }

  @Test
  void everyHistoryFileHasTheFingerprintTheManifestPins() throws IOException {
    for (ManifestLine line : EventTypes.manifest()) {
      Schema schema = new Schema.Parser().parse(HISTORY.resolve(line.file()).toFile());
      assertThat(EventTypes.hex(SchemaNormalization.parsingFingerprint64(schema)))
          .as("%s was edited after its release: restore it and release the change as a new version", line.file())
          .isEqualTo(EventTypes.hex(line.fingerprint()));
      assertThat(schema.getFullName()).isEqualTo("io.loanofficer.events." + line.name());
    }
  }

  @Test
  void theJarCarriesEveryReleasedSchemaAndVersionsCountFromOneWithoutGaps() {
    assertThat(EventTypes.released()).hasSize(EventTypes.manifest().size());
    for (Class<? extends SpecificRecord> type : EventTypes.ALL) {
      List<EventType> versions = EventTypes.released(type);
      assertThat(versions).extracting(EventType::version)
          .as("released versions of %s", type.getSimpleName())
          .containsExactlyElementsOf(IntStream.rangeClosed(1, versions.size()).boxed().toList())
          .isNotEmpty();
    }
  }

  @Test
  void byFingerprintGivesTheWriterSchemaOfThatVersionAndTheClassToReadInto() {
    EventType v1 = EventTypes.byFingerprint(Long.parseUnsignedLong("aaaae6dfefe12bdc", 16)).orElseThrow();
    EventType v2 = EventTypes.byFingerprint(Long.parseUnsignedLong("b0c02994a27ea9c6", 16)).orElseThrow();

    assertThat(v1.javaClass()).isEqualTo(ChatTurnSubmitted.class);
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.schema().getField("noticeAcknowledged")).isNull();
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.schema().getField("noticeAcknowledged")).isNotNull();
    assertThat(v2.schema().getField("maskedInText")).isNull();
    assertThat(EventTypes.released(ChatTurnSubmitted.class)).extracting(EventType::toString).containsExactly(
        "ChatTurnSubmitted v1 (aaaae6dfefe12bdc)", "ChatTurnSubmitted v2 (b0c02994a27ea9c6)",
        "ChatTurnSubmitted v3 (463a617ca44f08da)");
    assertThat(EventTypes.released(PiiRevealed.class)).extracting(EventType::fingerprintHex)
        .containsExactly("7357b32e3ce9b462", "d696c35487efb0ea");
  }

  static Stream<Class<? extends SpecificRecord>> eventTypes() {
    return EventTypes.ALL.stream();
  }

  /** A changed schema that ships unreleased writes records no history file describes. */
  @ParameterizedTest
  @MethodSource("eventTypes")
  void theSchemaThisBuildWritesIsItsLatestReleasedVersion(Class<? extends SpecificRecord> type) {
    List<EventType> versions = EventTypes.released(type);
    assertThat(EventTypes.current(type).released())
        .as("%s changed since v%d: release it as schemas/history/%s.v%d.avsc, a manifest line and a golden fixture"
            + " (docs/adr/0006)", type.getSimpleName(), versions.size(), type.getSimpleName(), versions.size() + 1)
        .isTrue();
    assertThat(EventTypes.current(type)).isEqualTo(versions.get(versions.size() - 1));
  }

  @Test
  void noReleasedSchemaWasEverDeletedFromGitHistory() throws Exception {
    Process process;
    try {
      process = new ProcessBuilder("git", "log", "--diff-filter=D", "--name-only", "--format=%h", "--", ".")
          .directory(HISTORY.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "git is not installed (" + e.getMessage() + "): the deletion check against git history is skipped");
      return;
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assumeTrue(process.exitValue() == 0, "no git repository here (" + output + "): the deletion check is skipped");
    assertThat(output).as("released schemas deleted by these commits; restore them").isEmpty();
  }
}
