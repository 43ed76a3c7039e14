package org.slapos.instancenode.queue;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.FakeClock;

class RateLimitingQueueTest {
  private final FakeClock clock = new FakeClock();
  private final RateLimitingQueue<String> queue =
      new RateLimitingQueue<>(
          "test",
          new ItemExponentialFailureRateLimiter<>(ofMillis(1), ofSeconds(1)),
          clock,
          QueueMetricsProvider.NONE);

  RateLimitingQueueTest() {
    clock.onAdvance(queue::releaseDue);
  }

  @Test
  void rateLimitedAddsWaitLongerForEachRetry() throws InterruptedException {
    assertEquals(ofMillis(1), retryDelay("one"));
    assertEquals(ofMillis(2), retryDelay("one"));
    assertEquals(ofMillis(4), retryDelay("one"));
    assertEquals(3, queue.numRequeues("one"));

    assertEquals(ofMillis(1), retryDelay("two"), "keys back off independently");
  }

  @Test
  void forgetResetsTheBackoff() throws InterruptedException {
    retryDelay("one");
    retryDelay("one");

    queue.forget("one");

    assertEquals(0, queue.numRequeues("one"));
    assertEquals(ofMillis(1), retryDelay("one"));
  }

  @Test
  void rateLimitedAddOfAWaitingKeyKeepsItsEarlierTime() {
    queue.addRateLimited("one");
    queue.addRateLimited("one");
    assertEquals(2, queue.numRequeues("one"));

    clock.advance(ofMillis(1));

    assertEquals(1, queue.len());
    assertEquals(0, queue.waitingLen());
  }

  /** Adds {@code key} rate-limited and steps the clock until it is ready; returns how long. */
  private Duration retryDelay(String key) throws InterruptedException {
    queue.addRateLimited(key);
    Duration waited = Duration.ZERO;
    while (queue.len() == 0) {
      clock.advance(ofMillis(1));
      waited = waited.plus(ofMillis(1));
    }
    queue.done(queue.get());
    return waited;
  }
}
