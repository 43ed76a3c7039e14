package org.slapos.instancenode.queue;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An overall token bucket shared by every key, as client-go's {@code BucketRateLimiter} (over
 * {@code golang.org/x/time/rate}): the bucket holds at most {@code burst} tokens, starts full and
 * refills at {@code qps} tokens per second. Each {@link #when(Object)} takes a token, borrowing
 * from the future when none is left, and returns how long until that token exists: the first {@code
 * burst} calls return zero, the following ones are spaced {@code 1/qps} apart.
 *
 * <p>It tracks no key: {@link #forget(Object)} does nothing and {@link #numRequeues(Object)} is
 * always zero. Thread-safe.
 *
 * @param <K> the key type
 */
public final class BucketRateLimiter<K> implements RateLimiter<K> {
  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double qps;
  private final int burst;
  private final Clock clock;
  // Negative when tokens were borrowed from the future.
  private double tokens;
  private Instant last;

  /**
   * @param qps tokens added per second; positive
   * @param burst the bucket's size; at least 1
   * @param clock the time the bucket refills by
   */
  public BucketRateLimiter(double qps, int burst, Clock clock) {
    if (!(qps > 0) || Double.isInfinite(qps)) {
      throw new IllegalArgumentException(
          "token bucket qps must be positive and finite, got " + qps);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("token bucket burst must be at least 1, got " + burst);
    }
    this.qps = qps;
    this.burst = burst;
    this.clock = requireNonNull(clock, "clock");
    this.tokens = burst;
    this.last = clock.instant();
  }

  @Override
  public synchronized Duration when(K key) {
    Instant now = clock.instant();
    // A clock stepped backwards refills nothing, and does not count twice once it moves on.
    if (now.isAfter(last)) {
      Duration elapsed = Duration.between(last, now);
      // In doubles: exact for everyday spans, and no overflow after a long idle time.
      double elapsedNanos = elapsed.getSeconds() * NANOS_PER_SECOND + elapsed.getNano();
      tokens = Math.min(burst, tokens + elapsedNanos * qps / NANOS_PER_SECOND);
    }
    last = now;
    tokens -= 1;
    if (tokens >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-tokens * NANOS_PER_SECOND / qps));
  }

  @Override
  public void forget(K key) {}

  @Override
  public int numRequeues(K key) {
    return 0;
  }
}
