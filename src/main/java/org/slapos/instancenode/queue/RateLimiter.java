package org.slapos.instancenode.queue;

import java.time.Duration;

/**
 * Decides how long a key must wait before it is retried; client-go's {@code RateLimiter}.
 *
 * <p>Implementations must be thread-safe. {@link #when(Object)} may have effects (count a failure,
 * reserve a token), so it is called once per retry.
 *
 * @param <K> the key type
 */
public interface RateLimiter<K> {
  /** Records one more retry of {@code key} and returns how long it should wait; never negative. */
  Duration when(K key);

  /** Stops tracking {@code key}: it succeeded, or will not be retried. */
  void forget(K key);

  /** How many times {@code key} has been retried since it was last forgotten. */
  int numRequeues(K key);
}
