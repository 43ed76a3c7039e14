package org.slapos.instancenode.master;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.FakeClock;
import org.slapos.instancenode.time.Deadline;

class MasterSettingsTest {
  private final FakeClock clock = new FakeClock();

  @Test
  void withoutADeadlineTimeoutsAndBackoffsAreTheSettings() {
    MasterSettings settings = MasterSettings.defaults(10, 20);
    assertEquals(Deadline.NONE, settings.deadline());
    assertEquals(Duration.ofSeconds(30), settings.requestTimeout());
    assertEquals(Duration.ofSeconds(4), settings.backoff(Duration.ofSeconds(4)));
  }

  @Test
  void aDeadlineCutsTheRequestTimeoutAndTheBackoffToWhatIsLeft() {
    MasterSettings settings =
        MasterSettings.defaults(10, 20).within(Deadline.after(Duration.ofSeconds(50), clock));
    assertEquals(Duration.ofSeconds(30), settings.requestTimeout(), "min(timeout, remaining)");
    assertEquals(Duration.ofMillis(500), settings.backoff(Duration.ofMillis(500)));

    clock.advance(Duration.ofSeconds(45));
    assertEquals(Duration.ofSeconds(5), settings.requestTimeout());
    assertEquals(Duration.ofSeconds(5), settings.backoff(Duration.ofSeconds(8)));
    assertEquals(Duration.ofMillis(500), settings.backoff(Duration.ofMillis(500)));

    clock.advance(Duration.ofSeconds(5));
    // The JDK refuses a zero timeout; the guard starts no attempt past the deadline anyway.
    assertEquals(Duration.ofMillis(1), settings.requestTimeout());
    assertEquals(Duration.ZERO, settings.backoff(Duration.ofMillis(500)));
  }
}
