package io.loanofficer.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The trace id that events and audit records carry: the current span's, so that a reply frame or an
 * audit record leads to its trace; a fresh random W3C id where nothing is traced (tracing off).
 */
public final class TraceIds {

  private static final String INVALID = "00000000000000000000000000000000";

  private final Tracer tracer;

  public TraceIds(Tracer tracer) {
    this.tracer = tracer;
  }

  /** The current trace's id (32 hex digits), or null when there is no current span. */
  public String current() {
    Span span = tracer.currentSpan();
    if (span == null) {
      return null;
    }
    String id = span.context().traceId();
    return id == null || id.length() != 32 || id.equals(INVALID) ? null : id;
  }

  /** The current trace's id, or a new random one. */
  public String currentOrNew() {
    String id = current();
    return id != null ? id : random();
  }

  /**
   * Runs {@code action} in a new span {@code name} of the trace {@code traceId}: for work a timer starts
   * on behalf of a turn (a deadline, a model call asked again), which knows the turn's trace id but has
   * no span to be the child of. The span's parent is a made-up id, so trace UIs show it in the turn's
   * trace under a missing parent. Without a valid trace id the action runs as it is.
   */
  public void inTrace(String traceId, String name, Runnable action) {
    if (traceId == null || !traceId.matches("[0-9a-f]{32}") || traceId.equals(INVALID)) {
      action.run();
      return;
    }
    TraceContext parent = tracer.traceContextBuilder()
        .traceId(traceId)
        .spanId(random().substring(0, 16))
        .sampled(true)
        .build();
    Span span = tracer.spanBuilder().setParent(parent).name(name).start();
    try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
      action.run();
    } finally {
      span.end();
    }
  }

  static String random() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
