package org.slapos.instancenode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkersAliveTest {
  private final AtomicInteger alive = new AtomicInteger();
  private final AtomicInteger deaths = new AtomicInteger();
  private final WorkersAlive probe = new WorkersAlive(alive::get, deaths::get);

  @Test
  void healthyBeforeStartAndWhileAWorkerRuns() {
    assertTrue(probe.ok());
    alive.set(1);
    deaths.set(3);
    assertTrue(probe.ok());
  }

  @Test
  void unhealthyWhenWorkersDiedAndNoneIsLeft() {
    deaths.set(4);
    assertFalse(probe.ok());
    assertEquals("0 workers alive, 4 died of an error", probe.detail());
  }

  @Test
  void bothFailsWithTheFailingProbesDetail() {
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
    alive.set(1);
    assertTrue(both.ok());
  }
}
