package io.loanofficer.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ToolsConfigurationTest {

  private final ToolsConfiguration configuration = new ToolsConfiguration();

  @Test
  void asOfPropertyFixesTheDate() {
    Clock clock = configuration.toolClock(" 2025-03-01 ");
    assertThat(LocalDate.now(clock)).isEqualTo(LocalDate.of(2025, 3, 1));
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void withoutPropertyTheSystemUtcClock() {
    assertThat(configuration.toolClock("")).isEqualTo(Clock.systemUTC());
    assertThat(configuration.toolClock(null)).isEqualTo(Clock.systemUTC());
  }
}
