package org.slapos.instancenode.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key exponential backoff: the n-th retry of a key since it was last forgotten waits {@code
 * base * 2^(n-1)}, capped at {@code max} (5 ms, 10 ms, 20 ms, ... for a 5 ms base). Keys are
 * independent. The computation cannot overflow however many times a key fails. Thread-safe.
 *
 * @param <K> the key type
 */
public final class ItemExponentialFailureRateLimiter<K> implements RateLimiter<K> {
  private final long baseNanos;
  private final long maxNanos;
  private final Map<K, Integer> failures = new HashMap<>();

  /**
   * @param base the first delay; zero or more
   * @param max the cap; at least {@code base}, at most about 292 years
   */
  public ItemExponentialFailureRateLimiter(Duration base, Duration max) {
    requireNonNull(base, "base");
    requireNonNull(max, "max");
    if (base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "exponential backoff needs 0 <= base <= max, got base " + base + " and max " + max);
    }
    this.baseNanos = base.toNanos();
    this.maxNanos = max.toNanos();
  }

  @Override
  public synchronized Duration when(K key) {
    int exponent = failures.getOrDefault(key, 0);
    // Saturate rather than wrap: past 62 doublings the delay is capped anyway.
    failures.put(key, exponent == Integer.MAX_VALUE ? exponent : exponent + 1);
    // base << shift <= max exactly when base <= max >> shift, with no overflow on the way; past
    // 63 doublings any positive base exceeds the cap, and Java shifts wrap at 64.
    int shift = Math.min(exponent, Long.SIZE - 1);
    if (baseNanos > maxNanos >> shift) {
      return Duration.ofNanos(maxNanos);
    }
    return Duration.ofNanos(baseNanos << shift);
  }

  @Override
  public synchronized void forget(K key) {
    failures.remove(key);
  }

  @Override
  public synchronized int numRequeues(K key) {
    return failures.getOrDefault(key, 0);
  }
}
