package org.slapos.instancenode.ops;

import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slapos.instancenode.testing.FakeClock;

class LoopHeartbeatTest {
  private final FakeClock clock = new FakeClock();
  private final LoopHeartbeat heartbeat = new LoopHeartbeat(clock, ofSeconds(180));

  @Test
  void aliveAtStartUntilTheBoundPassesWithoutABeat() {
    clock.advance(ofSeconds(179));
    assertTrue(heartbeat.ok());

    clock.advance(ofSeconds(1));
    assertFalse(heartbeat.ok());
    assertEquals("no loop heartbeat since start 180 s ago (bound 180 s)", heartbeat.detail());
  }

  @Test
  void eachBeatKeepsTheLoopAliveForAnotherBound() {
    clock.advance(ofSeconds(170));
    heartbeat.beat();
    clock.advance(ofSeconds(170));
    assertTrue(heartbeat.ok());

    clock.advance(ofSeconds(15));
    assertFalse(heartbeat.ok());
    assertEquals("last loop heartbeat 185 s ago (bound 180 s)", heartbeat.detail());
  }

  @Test
  void aBeatRevivesAStaleLoop() {
    clock.advance(ofSeconds(500));
    heartbeat.beat();

    assertTrue(heartbeat.ok());
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void nonPositiveBoundIsRefused(long seconds) {
    assertThrows(
        IllegalArgumentException.class,
        () -> new LoopHeartbeat(clock, Duration.ofSeconds(seconds)));
  }
}
