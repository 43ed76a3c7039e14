package org.slapos.instancenode.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final InstantSource clock = now::get;

  private void step(Duration by) {
    now.set(now.get().plus(by));
  }

  @Test
  void boundShortensATimeoutToWhatIsLeftThenToZero() {
    Deadline deadline = Deadline.after(Duration.ofSeconds(10), clock);
    assertEquals(Duration.ofSeconds(5), deadline.bound(Duration.ofSeconds(5)));
    step(Duration.ofSeconds(7));
    assertEquals(Duration.ofSeconds(3), deadline.bound(Duration.ofSeconds(5)));
    assertFalse(deadline.reached());
    step(Duration.ofSeconds(3));
    assertTrue(deadline.reached());
    assertEquals(Duration.ZERO, deadline.bound(Duration.ofSeconds(5)));
    step(Duration.ofSeconds(1));
    assertEquals(Duration.ZERO, deadline.bound(Duration.ofSeconds(5)));
  }

  @Test
  void allowsOnlyWorkThatEndsByTheDeadline() {
    Deadline deadline = Deadline.after(Duration.ofSeconds(10), clock);
    step(Duration.ofSeconds(6));
    assertTrue(deadline.allows(Duration.ofSeconds(4)));
    assertFalse(deadline.allows(Duration.ofMillis(4001)));
    step(Duration.ofSeconds(4));
    assertFalse(deadline.allows(Duration.ZERO));
  }

  @Test
  void noneIsNeverReachedAndBoundsNothing() {
    assertFalse(Deadline.NONE.reached());
    assertEquals(Duration.ofDays(400), Deadline.NONE.bound(Duration.ofDays(400)));
    assertTrue(Deadline.NONE.allows(Duration.ofDays(400)));
  }

  @Test
  void theBudgetMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> Deadline.after(Duration.ZERO, clock));
    assertEquals(Duration.ofSeconds(3), Deadline.after(Duration.ofSeconds(3), clock).budget());
  }
}
