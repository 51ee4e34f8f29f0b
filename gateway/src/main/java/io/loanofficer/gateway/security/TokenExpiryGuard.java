package io.loanofficer.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket lives no longer than its token: a close is scheduled at the token's expiry (plus the
 * tolerated clock skew, the same as at the upgrade), and every incoming frame is checked too.
 */
public class TokenExpiryGuard {

  private static final Logger log = LoggerFactory.getLogger(TokenExpiryGuard.class);

  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final Duration clockSkew;
  private final Consumer<String> closeExpired;
  private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();

  /** {@code closeExpired} closes the socket of that id with "token expired". */
  public TokenExpiryGuard(ScheduledExecutorService timers, Clock clock, Duration clockSkew, Consumer<String> closeExpired) {
    this.timers = timers;
    this.clock = clock;
    this.clockSkew = clockSkew;
    this.closeExpired = closeExpired;
  }

  public void watch(String sessionId, ChatIdentity identity) {
    if (identity.expiresAt() == null) {
      return; // the decoder requires exp; nothing to schedule otherwise
    }
    long delay = Math.max(0, Duration.between(clock.instant(), deadline(identity)).toMillis());
    scheduled.put(sessionId, timers.schedule(() -> expire(sessionId), delay, TimeUnit.MILLISECONDS));
  }

  public boolean isExpired(ChatIdentity identity) {
    return identity.expiresAt() != null && !clock.instant().isBefore(deadline(identity));
  }

  /** Closes the socket now because its token expired. */
  public void expire(String sessionId) {
    ScheduledFuture<?> task = scheduled.remove(sessionId);
    if (task != null) {
      task.cancel(false);
    }
    log.info("Closing socket {}: token expired", sessionId);
    closeExpired.accept(sessionId);
  }

  public void forget(String sessionId) {
    ScheduledFuture<?> task = scheduled.remove(sessionId);
    if (task != null) {
      task.cancel(false);
    }
  }

  private Instant deadline(ChatIdentity identity) {
    return identity.expiresAt().plus(clockSkew);
  }
}
