package org.slapos.instancenode.queue;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slapos.instancenode.testing.FakeClock;

class BucketRateLimiterTest {
  private final FakeClock clock = new FakeClock();
  private final RateLimiter<String> limiter = new BucketRateLimiter<>(10, 3, clock);

  @Test
  void burstPassesAtOnceThenRetriesAreSpacedByOneOverQps() {
    assertEquals(List.of(ZERO, ZERO, ZERO, ofMillis(100), ofMillis(200), ofMillis(300)), delays(6));
  }

  @Test
  void eachReservationCountsWhateverTheKey() {
    limiter.when("a");
    limiter.when("b");
    limiter.when("c");

    assertEquals(ofMillis(100), limiter.when("d"));
  }

  @Test
  void tokensRefillWithTimeUpToTheBurst() {
    delays(5);

    clock.advance(ofMillis(200));
    assertEquals(List.of(ofMillis(100)), delays(1), "two tokens repaid the two borrowed");

    clock.advance(ofSeconds(10));
    assertEquals(List.of(ZERO, ZERO, ZERO, ofMillis(100)), delays(4), "never more than burst");
  }

  @Test
  void clockSteppedBackwardsRefillsNothing() {
    delays(3);

    clock.advance(ofSeconds(-5));
    assertEquals(ofMillis(100), limiter.when("x"));
    clock.advance(ofMillis(100));
    assertEquals(ofMillis(100), limiter.when("x"));
  }

  @Test
  void tracksNoKey() {
    delays(5);
    limiter.forget("x");

    assertEquals(0, limiter.numRequeues("x"));
    assertEquals(ofMillis(300), limiter.when("x"), "forget returns no token");
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "-1, 1", "NaN, 1", "Infinity, 1", "10, 0"})
  void invalidRateOrBurstIsRejected(double qps, int burst) {
    assertThrows(IllegalArgumentException.class, () -> new BucketRateLimiter<>(qps, burst, clock));
  }

  private List<Duration> delays(int times) {
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      delays.add(limiter.when("x"));
    }
    return delays;
  }
}
