package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChallengeRecheckTest {
  private static final Duration MIN = Duration.ofSeconds(60);
  private static final Duration MAX = Duration.ofHours(1);

  @ParameterizedTest(name = "waited {0} s: next in {1} s")
  @CsvSource({
    "-30, 60",
    "0, 60",
    "60, 60",
    "120, 60",
    "121, 60.5",
    "300, 150",
    "7199, 3599.5",
    "7200, 3600",
    "86400, 3600",
  })
  void theDelayIsHalfTheWaitWithinTheBounds(long waitedSeconds, double expectedSeconds) {
    Duration next = ChallengeRecheck.nextRecheck(Duration.ofSeconds(waitedSeconds), MIN, MAX);

    assertEquals(Duration.ofMillis((long) (expectedSeconds * 1000)), next);
  }

  @Test
  void checksComeQuicklyAtFirstThenEverSlowerUpToTheMaximum() {
    List<Long> moments = new ArrayList<>();
    Duration waited = Duration.ZERO;
    while (waited.compareTo(Duration.ofHours(4)) < 0) {
      waited = waited.plus(ChallengeRecheck.nextRecheck(waited, MIN, MAX));
      moments.add(waited.toSeconds());
    }

    assertEquals(
        List.of(
            60L, 120L, 180L, 270L, 405L, 607L, 911L, 1366L, 2050L, 3075L, 4613L, 6919L, 10379L,
            13979L, 17579L),
        moments);
  }

  @Test
  void equalBoundsGiveAFixedDelay() {
    assertEquals(MIN, ChallengeRecheck.nextRecheck(Duration.ofDays(3), MIN, MIN));
  }

  @Test
  void boundsOutOfOrderAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ChallengeRecheck.nextRecheck(Duration.ZERO, MAX, MIN));
    assertThrows(
        IllegalArgumentException.class,
        () -> ChallengeRecheck.nextRecheck(Duration.ZERO, Duration.ZERO, MAX));
  }
}
