package org.slapos.instancenode.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.PromQlNames;

class PromQlNamesTest {
  @Test
  void functionsLabelsRangesAndGroupingAreNotNames() {
    assertEquals(
        Set.of("workqueue_work_duration_seconds_bucket"),
        PromQlNames.of(
            "histogram_quantile(0.99, sum by (le, instance) "
                + "(rate(workqueue_work_duration_seconds_bucket{name=\"x\",job=~\"$job\"}"
                + "[$__rate_interval])))"));
  }

  @Test
  void bothSidesOfABinaryOperationAreNames() {
    assertEquals(
        Set.of("a_total", "b_seconds", "process_start_time_seconds"),
        PromQlNames.of(
            "increase(a_total[15m]) > 0 and ignoring(result) time() - b_seconds > 3 * 60"
                + " unless on (instance) process_start_time_seconds offset 5m"));
  }

  @Test
  void numbersAndDurationsAreNotNames() {
    assertEquals(Set.of("x_seconds"), PromQlNames.of("x_seconds - time() < 14 * 86400 + 1e3"));
  }
}
