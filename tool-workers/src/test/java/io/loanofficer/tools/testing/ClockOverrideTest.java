package io.loanofficer.tools.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.loanofficer.events.ToolOutcome;
import io.loanofficer.tools.ToolResult;
import io.loanofficer.tools.ToolRunner;
import io.loanofficer.tools.ToolsConfiguration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** An application that declares its own Clock: the tools use it and the default backs off. */
@SpringBootTest(classes = ClockOverrideTest.AppWithClock.class)
@ActiveProfiles("tooltest")
class ClockOverrideTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(ToolsConfiguration.class)
  static class AppWithClock {
    @Bean
    Clock applicationClock() {
      return Clock.fixed(Instant.parse("2030-01-15T10:00:00Z"), ZoneOffset.UTC);
    }
  }

  @Autowired
  ToolRunner runner;

  @Test
  void theApplicationsClockWins() {
    ToolResult r = runner.run("getLoanStatus", "{\"loan_id\":\"L001\"}", ToolTestSupport.ANALYST, "clock-test");
    assertThat(r.outcome()).isEqualTo(ToolOutcome.OK);
    assertThat(ToolRunner.RESULT_JSON.readTree(r.resultJson()).get("analysis_date").asString()).isEqualTo("2030-01-15");
  }
}
