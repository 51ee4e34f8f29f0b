package io.loanofficer.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The counter of audit records written, tagged by writer (the orchestrator's conversation chains, a gateway's own chain). */
public final class AuditMeters {

  public static final String WRITTEN = "audit.records.written";

  private AuditMeters() {}

  public static Counter written(MeterRegistry meters, String writer) {
    return Counter.builder(WRITTEN)
        .description("Audit records committed to audit.events")
        .tag("writer", writer)
        .register(meters);
  }
}
