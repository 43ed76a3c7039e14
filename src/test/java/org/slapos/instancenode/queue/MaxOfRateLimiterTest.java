package org.slapos.instancenode.queue;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.FakeClock;

class MaxOfRateLimiterTest {
  private final RateLimiter<String> limiter =
      new MaxOfRateLimiter<>(
          List.of(
              new ItemExponentialFailureRateLimiter<>(ofMillis(1), ofSeconds(1)),
              new BucketRateLimiter<>(1, 3, new FakeClock())));

  @Test
  void returnsTheLongestDelayAndAsksEveryLimiterEachTime() {
    assertEquals(ofMillis(1), limiter.when("one"));
    assertEquals(ofMillis(2), limiter.when("one"));
    assertEquals(ofMillis(1), limiter.when("two"), "the bucket's third token was taken");

    assertEquals(ofSeconds(1), limiter.when("two"), "the bucket is empty now");
  }

  @Test
  void numRequeuesIsTheLargestAndForgetReachesEveryLimiter() {
    limiter.when("one");
    limiter.when("one");
    assertEquals(2, limiter.numRequeues("one"));

    limiter.forget("one");

    assertEquals(0, limiter.numRequeues("one"));
    assertEquals(ofMillis(1), limiter.when("one"));
  }

  @Test
  void needsAtLeastOneLimiter() {
    assertThrows(IllegalArgumentException.class, () -> new MaxOfRateLimiter<String>(List.of()));
  }
}
