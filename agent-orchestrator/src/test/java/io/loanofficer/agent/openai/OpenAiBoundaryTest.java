package io.loanofficer.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The vendor SDK stays at the edge: only io.loanofficer.agent.openai imports com.openai. */
class OpenAiBoundaryTest {

  @Test
  void onlyTheOpenAiPackageImportsTheSdk() throws IOException {
    Path sources = Path.of("src/main/java");
    Path edge = sources.resolve("io/loanofficer/agent/openai");
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(sources)) {
      offenders = files.filter(file -> file.toString().endsWith(".java"))
          .filter(file -> !file.startsWith(edge))
          .filter(file -> {
            try {
              return Files.readString(file).contains("import com.openai.");
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          })
          .toList();
    }
    assertThat(Files.isDirectory(edge)).isTrue();
    assertThat(offenders).isEmpty();
  }
}
