package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.testing.FakeClock;

/** The persisted schedule: every process opening the domain DB follows the same one. */
class PendingChallengesTest {
  private static final Duration MIN = Duration.ofMinutes(1);
  private static final Duration MAX = Duration.ofHours(1);

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();
  private DomainStore domainDb;

  @BeforeEach
  void open() {
    domainDb = DomainStore.open(dir.resolve("domain.sqlite"));
  }

  @AfterEach
  void close() {
    domainDb.close();
  }

  /** A fresh object over the same file, as each cron run makes. */
  private PendingChallenges run(Duration min, Duration max) {
    return new PendingChallenges(domainDb.schedules(), min, max);
  }

  @Test
  void successiveRunsFollowTheDaemonsGrowthFromMinToMax() {
    List<Long> checkedAt = new ArrayList<>();
    for (int minute = 0; minute <= 240; minute++) {
      PendingChallenges cron = run(MIN, MAX);
      if (cron.waiting("A", "h", clock.instant()).isEmpty()) {
        checkedAt.add(Duration.between(FakeClock.START, clock.instant()).toMinutes());
        cron.pending("A", "h", "no TXT record", clock.instant());
      }
      clock.advance(MIN);
    }
    // Each lookup plans the next one half the time waited later (t + t/2, at least a minute, at
    // most an hour), and the cron run of the minute it falls in makes it.
    assertEquals(
        List.of(0L, 1L, 2L, 3L, 5L, 8L, 12L, 18L, 27L, 41L, 62L, 93L, 140L, 200L), checkedAt);
    assertEquals(14, domainDb.schedules().find("A").orElseThrow().attempts());
  }

  @Test
  void aWaitingChallengeTellsWhatItSawAndWhenItIsDue() {
    run(MIN, MAX).pending("A", "h", "no TXT record", clock.instant());
    clock.advance(Duration.ofSeconds(20));

    assertEquals(
        Optional.of(new PendingChallenges.Waiting("no TXT record", Duration.ofSeconds(40))),
        run(MIN, MAX).waiting("A", "h", clock.instant()));
  }

  @Test
  void changedParametersStartTheScheduleAgain() {
    PendingChallenges pending = run(MIN, MAX);
    pending.pending("A", "h", "seen", clock.instant());
    clock.advance(Duration.ofHours(3));
    assertEquals(MAX, pending.pending("A", "h", "seen", clock.instant()));

    assertEquals(Optional.empty(), pending.waiting("A", "edited", clock.instant()));
    assertEquals(MIN, pending.pending("A", "edited", "seen", clock.instant()));
  }

  @Test
  void changedRecheckSettingsStartTheScheduleAgain() {
    run(MIN, MAX).pending("A", "h", "seen", clock.instant());
    clock.advance(Duration.ofHours(3));
    assertEquals(MAX, run(MIN, MAX).pending("A", "h", "seen", clock.instant()));

    PendingChallenges shorter = run(MIN, Duration.ofMinutes(10));
    assertEquals(Optional.empty(), shorter.waiting("A", "h", clock.instant()));
    assertEquals(MIN, shorter.pending("A", "h", "seen", clock.instant()));
  }

  @Test
  void resetMakesEveryChallengeDueAndCountsTheNextLookupAsTheFirst() {
    PendingChallenges pending = run(MIN, MAX);
    pending.pending("A", "h", "seen", clock.instant());
    pending.pending("B", "h", "seen", clock.instant());
    clock.advance(Duration.ofHours(3));
    pending.pending("A", "h", "seen", clock.instant());

    assertEquals(2, pending.resetAll());

    assertEquals(Optional.empty(), pending.waiting("A", "h", clock.instant()));
    assertEquals(Optional.empty(), pending.waiting("B", "h", clock.instant()));
    assertEquals(MIN, pending.pending("A", "h", "seen", clock.instant()));
    assertEquals(1, domainDb.schedules().find("A").orElseThrow().attempts());
  }

  @Test
  void aSettledChallengeHasNoScheduleLeft() {
    PendingChallenges pending = run(MIN, MAX);
    pending.pending("A", "h", "seen", clock.instant());
    pending.settled("A");
    pending.settled("never-pending");

    assertEquals(Optional.empty(), domainDb.schedules().find("A"));
    assertEquals(Optional.empty(), pending.waiting("A", "h", clock.instant()));
  }

  @Test
  void forgettingTheEntryDropsItsSchedule() {
    run(MIN, MAX).pending("A", "h", "seen", clock.instant());
    domainDb.forget("A");
    assertEquals(Optional.empty(), domainDb.schedules().find("A"));
  }

  @Test
  void boundsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> run(MAX, MIN));
  }
}
