package org.slapos.instancenode.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one pass queues.
 *
 * @param now references to reconcile now: added, modified, returning, removed
 * @param recheck invalid entries to check again, after fresh changes (low priority)
 * @param later retained entries, each due when its retention ends
 * @param held removals held back because too many entries disappeared at once (empty when none)
 * @param heldDigest identifies {@code held}, so the next pass can tell whether it confirms them
 */
record WorkPlan(
    List<String> now,
    List<String> recheck,
    Map<String, Duration> later,
    Set<String> held,
    String heldDigest) {

  /**
   * Whether the plan gives no work before a delay: nothing to reconcile now, nothing held, every
   * later entry still waiting.
   */
  boolean idle() {
    return now.isEmpty()
        && recheck.isEmpty()
        && held.isEmpty()
        && later.values().stream().allMatch(Duration::isPositive);
  }
}
