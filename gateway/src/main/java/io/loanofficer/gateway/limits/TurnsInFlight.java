package io.loanofficer.gateway.limits;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accepted turns of each user that have no final reply yet, as this gateway saw them: reserved
 * before a turn is published, released when its final reply (answer or error) passes on
 * chat.replies, or when the turn could not be published. A turn whose reply never shows up stops
 * counting after {@code turnInFlightExpiry}.
 */
public class TurnsInFlight {

  private record Turn(String userId, Instant acceptedAt) {}

  private final LimitProperties limits;
  private final Clock clock;
  private final Map<String, Turn> turns = new ConcurrentHashMap<>();

  public TurnsInFlight(LimitProperties limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** Reserves a place for the turn; false when the user already has the maximum in flight. */
  public synchronized boolean tryReserve(String userId, String turnId) {
    Instant now = clock.instant();
    Instant expired = now.minus(limits.turnInFlightExpiry());
    turns.values().removeIf(turn -> turn.acceptedAt().isBefore(expired));
    long mine = turns.values().stream().filter(turn -> turn.userId().equals(userId)).count();
    if (mine >= limits.maxTurnsInFlight()) {
      return false;
    }
    turns.put(turnId, new Turn(userId, now));
    return true;
  }

  /**
   * The final reply of the turn was seen, or it was never published: when this gateway accepted it,
   * or null when it did not (another gateway's turn, or one already released or expired).
   */
  public Instant release(String turnId) {
    Turn turn = turns.remove(turnId);
    return turn == null ? null : turn.acceptedAt();
  }

  public int inFlight(String userId) {
    return (int) turns.values().stream().filter(turn -> turn.userId().equals(userId)).count();
  }
}
