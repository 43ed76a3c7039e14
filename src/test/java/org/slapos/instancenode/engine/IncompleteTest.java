package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncompleteTest {
  private static final String DNS = "DNS did not answer (timeout from 127.0.0.1:53)";

  @Test
  void entriesAreGroupedByWhyTheMostFirst() {
    Incomplete left =
        Incomplete.of(
            Duration.ofSeconds(50),
            Map.of(
                "E", "not reached before the deadline",
                "A", DNS,
                "C", DNS,
                "B", DNS),
            List.of());
    assertEquals(4, left.count());
    assertEquals(List.of("A", "B", "C"), left.byWhy().get(DNS));
    assertEquals(
        List.of(
            "3 entries not checked: " + DNS,
            "1 entry not checked: not reached before the deadline"),
        left.lines());
    assertEquals(
        "run-once-deadline (50 s) reached: 3 entries not checked: "
            + DNS
            + "; 1 entry not checked: not reached before the deadline",
        left.describe());
  }

  @Test
  void equalCountsAreInTheOrderOfTheirWhy() {
    Incomplete left =
        Incomplete.of(Duration.ofMillis(2500), Map.of("A", "b why", "B", "a why"), List.of());
    assertEquals(List.of("1 entry not checked: a why", "1 entry not checked: b why"), left.lines());
    assertEquals("2.5 s", Incomplete.seconds(left.deadline()));
  }

  @Test
  void theRunsOwnUnfinishedStepsComeFirst() {
    Incomplete left =
        Incomplete.of(
            Duration.ofSeconds(3),
            Map.of("A", DNS),
            List.of("the bang of the host instance is still owed"));
    assertEquals(1, left.count());
    assertEquals(
        List.of("the bang of the host instance is still owed", "1 entry not checked: " + DNS),
        left.lines());
  }
}
