package org.slapos.instancenode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkersAliveTest {
  private final AtomicBoolean wedged = new AtomicBoolean();
  private final AtomicInteger alive = new AtomicInteger(2);
  private final AtomicInteger deaths = new AtomicInteger();
  private final WorkersAlive probe =
      new WorkersAlive(
          wedged::get, alive::get, deaths::get, () -> "out of memory: Java heap space");

  @Test
  void healthyWhileTheWorkersMakeProgressEvenAfterDeaths() {
    assertTrue(probe.ok());
    deaths.set(3);
    assertTrue(probe.ok(), "dead workers are replaced: deaths alone are not unhealthy");
  }

  @Test
  void unhealthyWhenTheWorkersCannotMakeProgressNamingWhatTheyDiedOf() {
    deaths.set(4);
    wedged.set(true);
    assertFalse(probe.ok());
    assertEquals(
        "the workers cannot make progress: 2 workers alive, 4 died of an error (the last: out of"
            + " memory: Java heap space); restart the process",
        probe.detail());
  }

  @Test
  void bothFailsWithTheFailingProbesDetail() {
    wedged.set(true);
    deaths.set(1);
    Probe fine =
        new Probe() {
          @Override
          public boolean ok() {
            return true;
          }

          @Override
          public String detail() {
            return "fine";
          }
        };
    Probe both = WorkersAlive.both(fine, probe);
    assertFalse(both.ok());
    assertEquals(probe.detail(), both.detail());
    wedged.set(false);
    assertTrue(both.ok());
  }
}
