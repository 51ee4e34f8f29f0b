package io.loanofficer.gateway.chat;

import io.loanofficer.events.ChatReplyProduced;
import io.loanofficer.events.ReplyKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A turn as its user waits for it, measured by the gateway that accepted it: {@code chat.turn.duration}
 * (accepted → final reply on chat.replies) with SLO buckets, and {@code chat.turns} by outcome
 * ({@code answer}, or the error code in lower case: {@code timeout}, {@code internal}, ...;
 * {@code unavailable} for a turn Kafka never took).
 */
public class TurnMeters {

  public static final String DURATION = "chat.turn.duration";
  public static final String TURNS = "chat.turns";

  /** The buckets an SLO is written against (e.g. 99% of turns within 2 s). */
  static final Duration[] SLO = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

  private final MeterRegistry meters;
  private final Clock clock;
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Counter> turns = new ConcurrentHashMap<>();

  public TurnMeters(MeterRegistry meters, Clock clock) {
    this.meters = meters;
    this.clock = clock;
  }

  /** The final reply of a turn this gateway accepted at {@code acceptedAt}. */
  public void finished(Instant acceptedAt, ChatReplyProduced reply) {
    String outcome = outcome(reply);
    durations.computeIfAbsent(outcome, o -> Timer.builder(DURATION)
            .description("A chat turn from its acceptance by the gateway to its final reply")
            .tag("outcome", o)
            .serviceLevelObjectives(SLO)
            .register(meters))
        .record(Duration.between(acceptedAt, clock.instant()));
    counted(outcome);
  }

  /** A turn Kafka did not take: its user got UNAVAILABLE at once. */
  public void notPublished() {
    counted("unavailable");
  }

  private void counted(String outcome) {
    turns.computeIfAbsent(outcome, o -> Counter.builder(TURNS)
        .description("Chat turns ended, by outcome")
        .tag("outcome", o)
        .register(meters)).increment();
  }

  static String outcome(ChatReplyProduced reply) {
    if (reply.getKind() == ReplyKind.ANSWER) {
      return "answer";
    }
    return reply.getErrorCode() == null ? "internal" : reply.getErrorCode().toLowerCase(Locale.ROOT);
  }
}
