package org.slapos.instancenode.queue;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.FakeClock;

class RateLimitersTest {
  private final FakeClock clock = new FakeClock();
  private final RateLimiter<String> limiter = RateLimiters.defaultControllerRateLimiter(clock);

  @Test
  void defaultBacksOffEachKeyFromFiveMillisecondsToAThousandSeconds() {
    assertEquals(
        List.of(ofMillis(5), ofMillis(10), ofMillis(20), ofMillis(40)),
        IntStream.range(0, 4).mapToObj(i -> limiter.when("one")).toList());

    IntStream.range(0, 30).forEach(i -> limiter.when("many"));
    assertEquals(ofSeconds(1000), limiter.when("many"));
  }

  @Test
  void defaultLimitsAllKeysToABurstOfHundredThenTenPerSecond() {
    IntStream.range(0, 100)
        .forEach(i -> assertEquals(ofMillis(5), limiter.when("key-" + i), "key-" + i));

    assertEquals(ofMillis(100), limiter.when("key-100"));
    assertEquals(ofMillis(200), limiter.when("key-101"));
  }
}
