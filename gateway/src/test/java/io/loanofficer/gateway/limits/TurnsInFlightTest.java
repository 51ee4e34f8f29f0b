package io.loanofficer.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TurnsInFlightTest {

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MutableClock clock = new MutableClock();
  private final TurnsInFlight turns = new TurnsInFlight(
      new LimitProperties(20, Duration.ofMinutes(1), 2, Duration.ofMinutes(2), Duration.ofMinutes(10)), clock);

  @Test
  void perUserUntilAReplyOrTheExpiry() {
    assertThat(turns.tryReserve("a", "t1")).isTrue();
    assertThat(turns.tryReserve("a", "t2")).isTrue();
    assertThat(turns.tryReserve("a", "t3")).isFalse();
    assertThat(turns.tryReserve("b", "t4")).as("another user").isTrue();
    turns.release("t1");
    assertThat(turns.tryReserve("a", "t5")).isTrue();
    clock.now = clock.now.plus(Duration.ofMinutes(3));
    assertThat(turns.inFlight("a")).isEqualTo(2);
    assertThat(turns.tryReserve("a", "t6")).as("unanswered turns stop counting after the expiry").isTrue();
    assertThat(turns.inFlight("a")).isEqualTo(1);
  }
}
