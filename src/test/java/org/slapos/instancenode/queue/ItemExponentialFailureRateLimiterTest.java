package org.slapos.instancenode.queue;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemExponentialFailureRateLimiterTest {
  @Test
  void delaysDoubleFromTheBaseForEachFailure() {
    RateLimiter<String> limiter =
        new ItemExponentialFailureRateLimiter<>(ofMillis(5), ofSeconds(1000));

    assertEquals(
        List.of(ofMillis(5), ofMillis(10), ofMillis(20), ofMillis(40), ofMillis(80)),
        delays(limiter, "one", 5));
    assertEquals(5, limiter.numRequeues("one"));
  }

  @Test
  void keysBackOffIndependently() {
    RateLimiter<String> limiter =
        new ItemExponentialFailureRateLimiter<>(ofMillis(1), ofSeconds(1));
    delays(limiter, "one", 5);

    assertEquals(List.of(ofMillis(1), ofMillis(2)), delays(limiter, "two", 2));
    assertEquals(2, limiter.numRequeues("two"));
    assertEquals(5, limiter.numRequeues("one"));
  }

  @Test
  void forgetStartsTheSequenceAgain() {
    RateLimiter<String> limiter =
        new ItemExponentialFailureRateLimiter<>(ofMillis(1), ofSeconds(1));
    delays(limiter, "one", 5);

    limiter.forget("one");

    assertEquals(0, limiter.numRequeues("one"));
    assertEquals(ofMillis(1), limiter.when("one"));
  }

  @Test
  void delayIsCappedAtTheMaximum() {
    RateLimiter<String> limiter =
        new ItemExponentialFailureRateLimiter<>(ofMillis(5), ofMillis(30));

    assertEquals(
        List.of(ofMillis(5), ofMillis(10), ofMillis(20), ofMillis(30), ofMillis(30)),
        delays(limiter, "one", 5));
  }

  @Test
  void manyFailuresStayAtTheMaximumWithoutOverflow() {
    RateLimiter<String> millis =
        new ItemExponentialFailureRateLimiter<>(ofMillis(1), ofSeconds(1000));
    delays(millis, "one", 5);
    assertEquals(ofMillis(32), millis.when("one"));
    delays(millis, "overflow", 1000);
    assertEquals(ofSeconds(1000), millis.when("overflow"));

    RateLimiter<String> minutes =
        new ItemExponentialFailureRateLimiter<>(ofMinutes(1), ofHours(1000));
    delays(minutes, "two", 2);
    assertEquals(ofMinutes(4), minutes.when("two"));
    delays(minutes, "overflow", 1000);
    assertEquals(ofHours(1000), minutes.when("overflow"));
  }

  @Test
  void zeroBaseNeverDelays() {
    RateLimiter<String> limiter =
        new ItemExponentialFailureRateLimiter<>(Duration.ZERO, ofSeconds(1));

    assertEquals(List.of(Duration.ZERO), delays(limiter, "one", 100).stream().distinct().toList());
  }

  @Test
  void baseAboveMaximumOrNegativeIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ItemExponentialFailureRateLimiter<>(ofSeconds(2), ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ItemExponentialFailureRateLimiter<>(ofMillis(-1), ofSeconds(1)));
  }

  private static List<Duration> delays(RateLimiter<String> limiter, String key, int times) {
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      delays.add(limiter.when(key));
    }
    return delays;
  }
}
