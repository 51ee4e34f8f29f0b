package io.loanofficer.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ToolsConfigurationTest {

  @Test
  void asOfPropertyFixesTheDate() {
    Clock clock = ToolsConfiguration.clockFor(" 2025-03-01 ");
    assertThat(LocalDate.now(clock)).isEqualTo(LocalDate.of(2025, 3, 1));
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void withoutPropertyTheSystemUtcClock() {
    assertThat(ToolsConfiguration.clockFor("")).isEqualTo(Clock.systemUTC());
    assertThat(ToolsConfiguration.clockFor(null)).isEqualTo(Clock.systemUTC());
  }
}
