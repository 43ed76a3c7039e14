package org.slapos.instancenode.queue;

import java.time.Duration;
import java.util.List;

/**
 * Combines rate limiters by taking, for each retry, the longest delay any of them asks for. Every
 * limiter is asked every time, since asking has effects (counting a failure, taking a token). As in
 * client-go, a token bucket combined with per-key backoff can appear to exceed its burst when some
 * keys were held back longer by their backoff. Thread-safe if its limiters are.
 *
 * @param <K> the key type
 */
public final class MaxOfRateLimiter<K> implements RateLimiter<K> {
  private final List<RateLimiter<K>> limiters;

  /**
   * @param limiters at least one
   */
  public MaxOfRateLimiter(List<? extends RateLimiter<K>> limiters) {
    this.limiters = List.copyOf(limiters);
    if (this.limiters.isEmpty()) {
      throw new IllegalArgumentException("MaxOfRateLimiter needs at least one rate limiter");
    }
  }

  @Override
  public Duration when(K key) {
    Duration longest = Duration.ZERO;
    for (RateLimiter<K> limiter : limiters) {
      Duration delay = limiter.when(key);
      if (delay.compareTo(longest) > 0) {
        longest = delay;
      }
    }
    return longest;
  }

  @Override
  public void forget(K key) {
    limiters.forEach(limiter -> limiter.forget(key));
  }

  @Override
  public int numRequeues(K key) {
    return limiters.stream().mapToInt(limiter -> limiter.numRequeues(key)).max().orElseThrow();
  }
}
