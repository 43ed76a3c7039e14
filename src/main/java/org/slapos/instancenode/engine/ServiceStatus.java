package org.slapos.instancenode.engine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

/**
 * The one-line status the daemon gives systemd after each pass ({@code systemctl status} shows it):
 * how the last pass ended, when, and the entries by state, for example {@code last pass ok at
 * 2026-12-02T08:00:00Z; entries: 9 valid, 10 invalid, 1 stopped; 3 queued}.
 */
final class ServiceStatus {
  private final InstanceStore requestDb;
  private long countedAt = -1;
  private Map<String, Map<String, Integer>> counts = Map.of();

  ServiceStatus(InstanceStore requestDb) {
    this.requestDb = requestDb;
  }

  /**
   * The request DB's entries by state and reason, counted again only when something besides {@code
   * node_meta} was committed since the last count: the pass's recorded outcome ({@link LastRun})
   * and the status line share one count, and a steady pass counts nothing.
   *
   * @throws org.slapos.instancenode.store.StoreException when counting fails
   */
  Map<String, Map<String, Integer>> counts() {
    // Counting reads every row: only worth it when something was written since the last count.
    long commits = requestDb.commits();
    if (commits != countedAt) {
      counts = requestDb.countByStateAndReason();
      countedAt = commits;
    }
    return counts;
  }

  /**
   * The line after a pass that ended at {@code at}; {@code failure} is the pass's error, if any.
   */
  String afterPass(Instant at, Optional<String> failure, int queued) {
    try {
      counts();
    } catch (RuntimeException e) {
      // The line says what the pass said; the last counts stay.
    }
    return "last pass "
        + failure.map(why -> "failed").orElse("ok")
        + " at "
        + at.truncatedTo(ChronoUnit.SECONDS)
        + failure.map(why -> " (" + why + ")").orElse("")
        + "; entries: "
        + InstanceStore.total(counts, InstanceRow.VALID)
        + " valid, "
        + InstanceStore.total(counts, InstanceRow.INVALID)
        + " invalid, "
        + InstanceStore.total(counts, InstanceRow.STOPPED)
        + " stopped; "
        + queued
        + " queued";
  }
}
