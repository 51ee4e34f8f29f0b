package io.loanofficer.gateway.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per user, a Bucket4j token bucket each (in memory, per gateway instance): chat frames, and
 * separately PII reveals, each with its own limiter.
 */
public class UserRateLimiter {

  /** Allowed, or how long until the next frame would be. */
  public record Decision(boolean allowed, Duration retryAfter) {}

  private final int capacity;
  private final Duration period;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** {@code capacity} requests per {@code period}; the full amount may come in a burst, it refills gradually. */
  public UserRateLimiter(int capacity, Duration period) {
    this.capacity = capacity;
    this.period = period;
  }

  public Decision tryAcquire(String userId) {
    ConsumptionProbe probe = buckets.computeIfAbsent(userId, id -> newBucket()).tryConsumeAndReturnRemaining(1);
    return new Decision(probe.isConsumed(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /** Forgets users whose bucket is full again (they have been quiet for a whole period). */
  public void evictIdle() {
    buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= capacity);
  }

  int trackedUsers() {
    return buckets.size();
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
        .build();
  }
}
