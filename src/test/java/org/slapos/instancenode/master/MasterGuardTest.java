package org.slapos.instancenode.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.master.MasterMetrics.Circuit;
import org.slapos.instancenode.testing.FakeClock;
import org.slapos.instancenode.time.Deadline;

class MasterGuardTest {
  private static final String M = MasterClient.GET;

  private final FakeClock clock = new FakeClock();
  private final RecordingMasterMetrics metrics = new RecordingMasterMetrics();
  private final AtomicInteger attempts = new AtomicInteger();
  private MasterGuard guard = new MasterGuard(GuardSettings.fast(), metrics, clock);

  private MasterGuard.Attempt<String> failing(int failures) {
    return () -> {
      if (attempts.incrementAndGet() <= failures) {
        throw unavailable();
      }
      return "answer";
    };
  }

  private static MasterUnavailableException unavailable() {
    return new MasterUnavailableException(M, "SHARED-1", "connection refused", null);
  }

  private void outage() {
    assertThrows(MasterException.class, () -> guard.call(M, "SHARED-1", failing(1000)));
  }

  @Test
  void retriableFailuresAreRetriedUntilSuccess() throws MasterException {
    assertEquals("answer", guard.call(M, "SHARED-1", failing(2)));
    assertEquals(3, attempts.get());
    assertEquals(List.of(M, M), metrics.retries);
    assertEquals(2, metrics.count(M + " unavailable"));
    assertEquals(1, metrics.count(M + " ok"));
  }

  @Test
  void retriesStopAfterMaxAttemptsWithTheLastFailure() {
    MasterUnavailableException e =
        assertThrows(
            MasterUnavailableException.class, () -> guard.call(M, "SHARED-1", failing(1000)));
    assertEquals(3, attempts.get());
    assertEquals(M + " for instance SHARED-1: connection refused", e.getMessage());
  }

  @Test
  void rejectionsAreNeverRetried() {
    MasterRejectedException rejected =
        new MasterRejectedException(M, "SHARED-1", 403, "HOST-INSTANCE-NOT-FOUND", "gone");
    MasterRejectedException e =
        assertThrows(
            MasterRejectedException.class,
            () ->
                guard.call(
                    M,
                    "SHARED-1",
                    () -> {
                      attempts.incrementAndGet();
                      throw rejected;
                    }));
    assertSame(rejected, e);
    assertEquals(1, attempts.get());
    assertEquals(List.of(), metrics.retries);
    assertEquals(List.of(M + " rejected"), metrics.calls);
  }

  @Test
  void rejectionsDoNotOpenTheBreaker() {
    for (int i = 0; i < 20; i++) {
      assertThrows(
          MasterRejectedException.class,
          () ->
              guard.call(
                  M,
                  null,
                  () -> {
                    throw new MasterRejectedException(M, null, 400, "", "bad");
                  }));
    }
    assertEquals(Circuit.CLOSED, guard.circuit());
  }

  @Test
  void outageOpensTheBreakerThenOneProbePerWaitIntervalUntilRecovery() throws MasterException {
    // The window holds 4 attempts: the first call makes 3, the second the 4th, which opens it.
    outage();
    outage();
    assertEquals(4, attempts.get());
    assertEquals(Circuit.OPEN, guard.circuit());

    for (int i = 0; i < 10; i++) {
      assertThrows(MasterCircuitOpenException.class, () -> guard.call(M, "SHARED-1", failing(0)));
    }
    assertEquals(4, attempts.get(), "an open breaker sends nothing");

    clock.advance(GuardSettings.OPEN_WAIT.plusMillis(1));
    MasterUnavailableException probeFailure =
        assertThrows(
            MasterUnavailableException.class, () -> guard.call(M, "SHARED-1", failing(1000)));
    assertEquals(5, attempts.get(), "one probe, whose failure reopens the breaker");
    assertEquals(MasterUnavailableException.class, probeFailure.getClass());
    assertEquals(Circuit.OPEN, guard.circuit());
    assertThrows(MasterCircuitOpenException.class, () -> guard.call(M, null, failing(0)));
    assertEquals(5, attempts.get());

    clock.advance(GuardSettings.OPEN_WAIT.plusMillis(1));
    assertEquals("answer", guard.call(M, "SHARED-1", failing(0)));
    assertEquals(Circuit.CLOSED, guard.circuit());
    assertEquals("answer", guard.call(M, "SHARED-1", failing(0)));
    assertEquals(
        List.of(
            Circuit.CLOSED,
            Circuit.OPEN,
            Circuit.HALF_OPEN,
            Circuit.OPEN,
            Circuit.HALF_OPEN,
            Circuit.CLOSED),
        metrics.states);
    // 11 refused calls, and the retries refused after the attempt that opened it and the probe.
    assertEquals(13, metrics.count(M + " circuit-open"));
  }

  @Test
  void everyAttemptTakesAPermitAndCallsBeyondTheBurstAreNotSent() throws MasterException {
    // 3 permits per hour, no waiting for a permit: the limiter's own accounting, no timing.
    guard = new MasterGuard(GuardSettings.withRate(3.0 / 3600, 3, Duration.ZERO), metrics, clock);
    assertEquals("answer", guard.call(M, null, failing(1)));
    assertEquals(1, guard.availablePermits(), "the retry took a permit too");
    assertEquals("answer", guard.call(M, null, failing(0)));
    assertEquals(0, guard.availablePermits());

    assertThrows(MasterRateLimitedException.class, () -> guard.call(M, "SHARED-2", failing(0)));
    assertEquals(3, attempts.get());
    assertEquals(1, metrics.count(M + " rate-limited"));
    assertEquals(Circuit.CLOSED, guard.circuit(), "being rate-limited is not a master failure");
  }

  @Test
  void aRetryRefusedByTheLimiterReportsTheRealFailure() {
    guard = new MasterGuard(GuardSettings.withRate(1.0 / 3600, 1, Duration.ZERO), metrics, clock);
    MasterUnavailableException e =
        assertThrows(
            MasterUnavailableException.class, () -> guard.call(M, "SHARED-1", failing(1000)));
    assertEquals(MasterUnavailableException.class, e.getClass());
    assertEquals(1, attempts.get());
  }

  /** A guard whose calls must end {@code budget} from now on the test's clock. */
  private MasterGuard guardWithin(Duration budget) {
    return new MasterGuard(
        GuardSettings.fast().within(Deadline.after(budget, clock)), metrics, clock);
  }

  /** An attempt that takes {@code took} on the test's clock, then finds the master unreachable. */
  private MasterGuard.Attempt<String> unreachableAfter(Duration took) {
    return () -> {
      attempts.incrementAndGet();
      clock.advance(took);
      throw unavailable();
    };
  }

  @Test
  void noRetryStartsOnceTheDeadlineIsReached() {
    guard = guardWithin(Duration.ofSeconds(10));
    MasterUnavailableException e =
        assertThrows(
            MasterUnavailableException.class,
            () -> guard.call(M, "SHARED-1", unreachableAfter(Duration.ofSeconds(6))));
    assertEquals(2, attempts.get(), "the second attempt ends past the deadline: no third");
    assertEquals(M + " for instance SHARED-1: connection refused", e.getMessage());
  }

  @Test
  void aCallAfterTheDeadlineMakesNoAttempt() {
    guard = guardWithin(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    MasterUnavailableException e =
        assertThrows(MasterUnavailableException.class, () -> guard.call(M, "SHARED-1", failing(0)));
    assertEquals(0, attempts.get());
    assertEquals(
        M
            + " for instance SHARED-1: the run's deadline (10 s) was reached before calling the"
            + " master",
        e.getMessage());
    assertEquals(List.of(), metrics.calls);
  }

  @Test
  void withoutADeadlineEveryAttemptIsMade() {
    MasterUnavailableException e =
        assertThrows(
            MasterUnavailableException.class,
            () -> guard.call(M, "SHARED-1", unreachableAfter(Duration.ofHours(1))));
    assertEquals(3, attempts.get());
    assertEquals(M + " for instance SHARED-1: connection refused", e.getMessage());
  }

  @Test
  void noAttemptWaitsForAPermitThatComesAfterTheDeadline() throws MasterException {
    // One permit an hour and an hour's permit timeout: without the deadline the second call waits.
    guard =
        new MasterGuard(
            GuardSettings.withRate(1.0 / 3600, 1, Duration.ofHours(1))
                .within(Deadline.after(Duration.ofSeconds(50), clock)),
            metrics,
            clock);
    assertEquals("answer", guard.call(M, null, failing(0)));
    assertThrows(MasterRateLimitedException.class, () -> guard.call(M, "SHARED-2", failing(0)));
    assertEquals(1, attempts.get());
    assertEquals(1, metrics.count(M + " rate-limited"));
  }
}
