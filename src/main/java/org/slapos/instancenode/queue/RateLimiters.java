package org.slapos.instancenode.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The rate limiters controllers use unless they have a reason not to. */
public final class RateLimiters {
  private RateLimiters() {}

  /** {@link #defaultControllerRateLimiter(Clock)} on the system clock. */
  public static <K> RateLimiter<K> defaultControllerRateLimiter() {
    return defaultControllerRateLimiter(Clock.systemUTC());
  }

  /**
   * client-go's {@code DefaultControllerRateLimiter}: the longer of a per-key exponential backoff
   * from 5 ms to 1000 s and an overall token bucket of 10 retries per second with a burst of 100,
   * which only bounds how fast failing keys are retried, all keys together.
   */
  public static <K> RateLimiter<K> defaultControllerRateLimiter(Clock clock) {
    return new MaxOfRateLimiter<K>(
        List.of(
            new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
            new BucketRateLimiter<>(10, 100, clock)));
  }
}
