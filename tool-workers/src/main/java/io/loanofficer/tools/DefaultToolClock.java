package io.loanofficer.tools;

import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The default tool clock, imported last by {@link ToolsConfiguration} (deliberately not annotated, so
 * package scanning does not register it early): system UTC, or fixed by {@code tools.as-of}; any other
 * Clock bean wins.
 */
public class DefaultToolClock {

  @Bean
  @ConditionalOnMissingBean(Clock.class)
  public Clock toolClock(@Value("${tools.as-of:}") String asOf) {
    return ToolsConfiguration.clockFor(asOf);
  }
}
