package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.StoredSummary;

class WorkPlannerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final WorkPlanner planner = new WorkPlanner(Duration.ofDays(1));

  private static StoredSummary row(String hash, String state) {
    return new StoredSummary(hash, state, "0");
  }

  private static Map<String, StoredSummary> rows(Object... pairs) {
    Map<String, StoredSummary> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (StoredSummary) pairs[i + 1]);
    }
    return map;
  }

  private WorkPlan plan(
      Map<String, StoredSummary> desired,
      Map<String, StoredSummary> observed,
      Map<String, String> absent,
      boolean recheck,
      String held) {
    return planner.plan(
        desired, Set.of(), observed, absent, recheck, held, Map.of(), Map.of(), NOW, 0);
  }

  @Test
  void unchangedEntriesNeedNoWork() {
    var same = rows("a", row("h1", InstanceRow.VALID), "b", row("h2", InstanceRow.VALID));
    WorkPlan plan =
        plan(
            same,
            rows("a", row("h1", InstanceRow.VALID), "b", row("h2", InstanceRow.INVALID)),
            Map.of(),
            false,
            null);
    assertEquals(List.of(), plan.now());
    assertEquals(List.of(), plan.recheck());
    assertEquals(Map.of(), plan.later());
  }

  @Test
  void addedModifiedAndStateChangedEntriesAreQueuedNow() {
    var desired =
        rows(
            "added", row("h", InstanceRow.VALID),
            "modified", row("new", InstanceRow.VALID),
            "stopping", row("h", InstanceRow.STOPPED),
            "cache-saw-it", row("h", InstanceRow.VALID),
            "same", row("h", InstanceRow.VALID));
    var observed =
        rows(
            "modified", row("old", InstanceRow.VALID),
            "stopping", row("h", InstanceRow.VALID),
            "cache-saw-it", row("h", InstanceRow.VALID),
            "same", row("h", InstanceRow.VALID));
    WorkPlan plan =
        planner.plan(
            desired,
            Set.of("cache-saw-it"),
            observed,
            Map.of(),
            false,
            null,
            Map.of(),
            Map.of(),
            NOW,
            0);
    assertEquals(Set.of("added", "modified", "stopping", "cache-saw-it"), Set.copyOf(plan.now()));
  }

  @Test
  void invalidEntriesAreRecheckedOnlyWhenAsked() {
    var desired = rows("bad", row("h", InstanceRow.VALID));
    var observed = rows("bad", row("h", InstanceRow.INVALID));
    assertEquals(List.of(), plan(desired, observed, Map.of(), false, null).recheck());
    assertEquals(List.of("bad"), plan(desired, observed, Map.of(), true, null).recheck());
  }

  @Test
  void aPendingChallengeIsRecheckedOnceDueInEveryPassAndNeverBefore() {
    var desired =
        rows(
            "due", row("h", InstanceRow.VALID),
            "waiting", row("h", InstanceRow.VALID),
            "other", row("h", InstanceRow.VALID));
    var observed =
        rows(
            "due", row("h", InstanceRow.INVALID),
            "waiting", row("h", InstanceRow.INVALID),
            "other", row("h", InstanceRow.INVALID));
    Map<String, Instant> nextChecks =
        Map.of("due", NOW, "waiting", NOW.plus(Duration.ofMinutes(5)));

    WorkPlan pass =
        planner.plan(
            desired, Set.of(), observed, Map.of(), false, null, nextChecks, Map.of(), NOW, 0);
    assertEquals(List.of("due"), pass.recheck());
    assertEquals(Map.of(), pass.later());

    WorkPlan recheck =
        planner.plan(
            desired, Set.of(), observed, Map.of(), true, null, nextChecks, Map.of(), NOW, 0);
    assertEquals(Set.of("due", "other"), Set.copyOf(recheck.recheck()));
    assertEquals(Map.of("waiting", Duration.ofMinutes(5)), recheck.later());
  }

  @Test
  void aTimedRecheckQueuesTheEntryOnceDueWhateverItsStateAndIsScheduledByARecheckPass() {
    var desired =
        rows(
            "expiring", row("h", InstanceRow.VALID),
            "later", row("h", InstanceRow.VALID),
            "untimed", row("h", InstanceRow.VALID));
    var observed =
        rows(
            "expiring", row("h", InstanceRow.VALID),
            "later", row("h", InstanceRow.VALID),
            "untimed", row("h", InstanceRow.VALID));
    Map<String, Instant> timed = Map.of("expiring", NOW, "later", NOW.plus(Duration.ofDays(2)));

    WorkPlan pass =
        planner.plan(desired, Set.of(), observed, Map.of(), false, null, Map.of(), timed, NOW, 0);
    assertEquals(List.of(), pass.now());
    assertEquals(List.of("expiring"), pass.recheck());
    assertEquals(Map.of(), pass.later());

    WorkPlan recheck =
        planner.plan(desired, Set.of(), observed, Map.of(), true, null, Map.of(), timed, NOW, 0);
    assertEquals(List.of("expiring"), recheck.recheck());
    assertEquals(Map.of("later", Duration.ofDays(2)), recheck.later());
  }

  @Test
  void aWaitingChallengeWhoseParametersChangedIsQueuedNow() {
    var desired = rows("edited", row("new", InstanceRow.VALID));
    var observed = rows("edited", row("old", InstanceRow.INVALID));
    WorkPlan plan =
        planner.plan(
            desired,
            Set.of(),
            observed,
            Map.of(),
            true,
            null,
            Map.of("edited", NOW.plus(Duration.ofHours(1))),
            Map.of(),
            NOW,
            0);
    assertEquals(List.of("edited"), plan.now());
    assertEquals(Map.of(), plan.later());
  }

  @Test
  void entryTheSchemaNowRefusesIsQueuedNow() {
    var desired = rows("refused", row("h", InstanceRow.INVALID));
    var observed = rows("refused", row("h", InstanceRow.VALID));
    assertEquals(List.of("refused"), plan(desired, observed, Map.of(), false, null).now());
  }

  @Test
  void schemaInvalidEntriesAreNotRecheckedBeforeTheyChange() {
    var desired = rows("bad", row("h", InstanceRow.INVALID));
    var observed = rows("bad", row("h", InstanceRow.INVALID));
    assertEquals(List.of(), plan(desired, observed, Map.of(), true, null).recheck());
  }

  @Test
  void schemaInvalidEntryRewrittenSinceItWasRecordedIsQueuedNow() {
    // slapconfiguration wrote new errors (same parameters, same hash) after the node recorded it.
    var desired =
        rows(
            "rewritten", new StoredSummary("h", InstanceRow.INVALID, "1700000060"),
            "same-second", new StoredSummary("h", InstanceRow.INVALID, "1700000000"),
            "older", new StoredSummary("h", InstanceRow.INVALID, "1699999999"),
            "valid", new StoredSummary("h", InstanceRow.VALID, "1700000060"));
    var recorded = new StoredSummary("h", InstanceRow.INVALID, "1700000000");
    var observed =
        rows(
            "rewritten", recorded,
            "same-second", recorded,
            "older", recorded,
            "valid", new StoredSummary("h", InstanceRow.VALID, "1700000000"));

    WorkPlan plan = plan(desired, observed, Map.of(), false, null);

    assertEquals(List.of("rewritten"), plan.now());
    assertEquals(List.of(), plan.recheck());
  }

  @Test
  void returningEntryIsQueuedNow() {
    var desired = rows("back", row("h", InstanceRow.VALID));
    var observed = rows("back", row("h", InstanceRow.STOPPED));
    assertEquals(List.of("back"), plan(desired, observed, Map.of("back", "0"), false, null).now());
  }

  @Test
  void retainedEntriesComeBackWhenTheirRetentionEnds() {
    long since = NOW.minus(Duration.ofHours(20)).getEpochSecond();
    long expired = NOW.minus(Duration.ofDays(2)).getEpochSecond();
    var desired = rows("x", row("h", InstanceRow.VALID));
    var observed =
        rows(
            "x", row("h", InstanceRow.VALID),
            "retained", row("h", InstanceRow.STOPPED),
            "expired", row("h", InstanceRow.STOPPED));
    WorkPlan plan =
        plan(
            desired,
            observed,
            Map.of("retained", Long.toString(since), "expired", Long.toString(expired)),
            false,
            null);
    assertEquals(Map.of("retained", Duration.ofHours(4), "expired", Duration.ZERO), plan.later());
    assertEquals(List.of(), plan.now());
  }

  @Test
  void fewRemovalsAreQueuedAtOnce() {
    var desired = rows("a", row("h", InstanceRow.VALID), "b", row("h", InstanceRow.VALID));
    var observed =
        rows(
            "a", row("h", InstanceRow.VALID),
            "b", row("h", InstanceRow.VALID),
            "gone", row("h", InstanceRow.VALID));
    WorkPlan plan = plan(desired, observed, Map.of(), false, null);
    assertEquals(List.of("gone"), plan.now());
    assertEquals(Set.of(), plan.held());
    assertNull(plan.heldDigest());
  }

  @Test
  void massRemovalIsHeldUntilTheNextPassConfirmsIt() {
    var observed =
        rows(
            "a", row("h", InstanceRow.VALID),
            "b", row("h", InstanceRow.VALID),
            "c", row("h", InstanceRow.INVALID));
    var desired = rows("a", row("h", InstanceRow.VALID));

    WorkPlan first = plan(desired, observed, Map.of(), false, null);
    assertEquals(Set.of("b", "c"), first.held());
    assertEquals(List.of(), first.now());
    assertNotNull(first.heldDigest());

    WorkPlan confirmed = plan(desired, observed, Map.of(), false, first.heldDigest());
    assertEquals(List.of("b", "c"), confirmed.now());
    assertEquals(Set.of(), confirmed.held());

    WorkPlan different = plan(rows(), observed, Map.of(), false, first.heldDigest());
    assertEquals(Set.of("a", "b", "c"), different.held(), "another removal set: held again");
  }

  @Test
  void emptyListingAfterANonEmptyOneIsHeld() {
    var observed = rows("a", row("h", InstanceRow.VALID));
    WorkPlan plan = plan(rows(), observed, Map.of(), false, null);
    assertEquals(Set.of("a"), plan.held());
    assertEquals(List.of(), plan.now());
  }

  @Test
  void retainedEntriesDoNotCountAsKnownForTheValve() {
    var observed =
        rows(
            "a", row("h", InstanceRow.VALID),
            "b", row("h", InstanceRow.VALID),
            "old1", row("h", InstanceRow.STOPPED),
            "old2", row("h", InstanceRow.STOPPED));
    var desired = rows("a", row("h", InstanceRow.VALID));
    WorkPlan plan = plan(desired, observed, Map.of("old1", "0", "old2", "0"), false, null);
    assertEquals(List.of("b"), plan.now(), "1 of 2 known removed is not more than half");
    assertEquals(Set.of(), plan.held());
  }

  @Test
  void rowsThePythonNodeStoppedAreNotNewRemovalsForTheValve() {
    // Its stopped rows have no absence date of ours: they were absent before this node's first run.
    var observed =
        rows(
            "a", row("h", "1"),
            "b", row("h", "1"),
            "py-stopped-1", row("h", InstanceRow.STOPPED),
            "py-stopped-2", row("h", InstanceRow.STOPPED),
            "py-stopped-3", row("h", InstanceRow.STOPPED));
    var desired = rows("a", row("h", InstanceRow.VALID), "b", row("h", InstanceRow.VALID));

    WorkPlan plan = plan(desired, observed, Map.of(), true, null);

    assertEquals(Set.of(), plan.held(), "nothing was removed in this listing");
    assertNull(plan.heldDigest());
    assertEquals(
        Set.of("py-stopped-1", "py-stopped-2", "py-stopped-3"),
        Set.copyOf(plan.now()),
        "queued once, to adopt their stop date as the absence date");
  }

  @Test
  void aMassRemovalAmongPythonStoppedRowsIsStillHeld() {
    var observed =
        rows(
            "a", row("h", "1"),
            "b", row("h", "1"),
            "c", row("h", "0"),
            "py-stopped", row("h", InstanceRow.STOPPED));
    var desired = rows("a", row("h", InstanceRow.VALID));

    WorkPlan plan = plan(desired, observed, Map.of(), false, null);

    assertEquals(Set.of("b", "c"), plan.held(), "2 of the 3 known entries gone at once");
    assertEquals(List.of("py-stopped"), plan.now());
  }

  @Test
  void thePythonNodesBooleanStatesReadAsValidAndInvalid() {
    var desired =
        rows(
            "served", row("h", InstanceRow.VALID),
            "pending", row("h", InstanceRow.VALID),
            "schema-bad", row("h", InstanceRow.INVALID));
    var observed =
        rows("served", row("h", "1"), "pending", row("h", "0"), "schema-bad", row("h", "0"));

    WorkPlan plan = plan(desired, observed, Map.of(), true, null);

    assertEquals(List.of(), plan.now(), "nothing changed: no entry is queued now");
    assertEquals(List.of("pending"), plan.recheck(), "its check failed: it is checked again");
  }
}
