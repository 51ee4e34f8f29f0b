package io.loanofficer.gateway.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Frames per user, a Bucket4j token bucket each (in memory, per gateway instance). */
public class UserRateLimiter {

  /** Allowed, or how long until the next frame would be. */
  public record Decision(boolean allowed, Duration retryAfter) {}

  private final LimitProperties limits;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public UserRateLimiter(LimitProperties limits) {
    this.limits = limits;
  }

  public Decision tryAcquire(String userId) {
    ConsumptionProbe probe = buckets.computeIfAbsent(userId, id -> newBucket()).tryConsumeAndReturnRemaining(1);
    return new Decision(probe.isConsumed(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /** Forgets users whose bucket is full again (they have been quiet for a whole period). */
  public void evictIdle() {
    buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= limits.framesPerPeriod());
  }

  int trackedUsers() {
    return buckets.size();
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(limits.framesPerPeriod()).refillGreedy(limits.framesPerPeriod(), limits.ratePeriod()))
        .build();
  }
}
