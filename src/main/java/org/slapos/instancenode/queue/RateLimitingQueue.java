package org.slapos.instancenode.queue;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * A {@link DelayingQueue} that delays retries by a {@link RateLimiter}: client-go's {@code
 * RateLimitingInterface}.
 *
 * <p><b>Caller's duties</b>, on top of {@link WorkQueue}'s "call {@code done(key)}": when
 * processing a key fails and should be retried, call {@link #addRateLimited(Object)}; when it
 * succeeds, or fails for good, call {@link #forget(Object)} so that its next failure starts from
 * the shortest backoff again. A key never forgotten keeps growing its backoff, and its tracking
 * state is never freed. A requeue after a chosen delay (waiting for something outside) is {@link
 * #addAfter(Object, java.time.Duration)}, after {@code forget}.
 *
 * <p><b>Thread-safety:</b> every method is thread-safe if the rate limiter is.
 *
 * @param <K> the key type
 */
public final class RateLimitingQueue<K> extends DelayingQueue<K> {
  private final RateLimiter<K> limiter;

  /** A queue on the system clock that reports no metrics. */
  public RateLimitingQueue(String name, RateLimiter<K> limiter) {
    this(name, limiter, Clock.systemUTC(), QueueMetricsProvider.NONE);
  }

  /** See {@link WorkQueue#WorkQueue(String, Clock, QueueMetricsProvider)}. */
  public RateLimitingQueue(
      String name, RateLimiter<K> limiter, Clock clock, QueueMetricsProvider metrics) {
    super(name, clock, metrics);
    this.limiter = requireNonNull(limiter, "limiter");
  }

  /** Adds {@code key} after the delay the rate limiter decides, counting one more retry of it. */
  public void addRateLimited(K key) {
    addAfter(key, limiter.when(requireNonNull(key, "key")));
  }

  /** Stops tracking {@code key}'s retries: call it when processing the key succeeded. */
  public void forget(K key) {
    limiter.forget(requireNonNull(key, "key"));
  }

  /** How many times {@code key} was added rate-limited since it was last forgotten. */
  public int numRequeues(K key) {
    return limiter.numRequeues(requireNonNull(key, "key"));
  }
}
