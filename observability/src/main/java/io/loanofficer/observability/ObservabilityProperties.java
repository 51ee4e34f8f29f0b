package io.loanofficer.observability;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code observability.*}: how often the consumer lag is read, and the groups of hand-written
 * consumers (not listener containers) whose lag this service reports too.
 */
@ConfigurationProperties("observability")
public record ObservabilityProperties(@DefaultValue("15s") Duration lagInterval, List<String> lagGroups) {

  public ObservabilityProperties {
    lagGroups = lagGroups == null ? List.of() : List.copyOf(lagGroups);
  }
}
