package org.slapos.instancenode.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slapos.instancenode.cdn.RemovalHold;
import org.slapos.instancenode.desired.CacheChanges;
import org.slapos.instancenode.desired.DesiredCache;
import org.slapos.instancenode.desired.DesiredPoller;
import org.slapos.instancenode.desired.InstanceDbFile;
import org.slapos.instancenode.queue.Priority;
import org.slapos.instancenode.queue.RateLimitingQueue;
import org.slapos.instancenode.schema.SchemaPass;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.StoreException;
import org.slapos.instancenode.store.StoredDiff;
import org.slapos.instancenode.store.StoredSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass: bring the instance DB up to date with the desired-state source (unless SlapOS writes
 * it), sync the informer cache from it, diff it against the request DB and queue what needs work. A
 * pass that fails (the source or a store) changes nothing derived from the failed step and queues
 * nothing; the previous desired state stays.
 */
final class Pass {
  private static final Logger LOG = LoggerFactory.getLogger(Pass.class);
  static final String HELD_REMOVALS = "held-removals";

  /**
   * The entry bounds every request DB row was last reconciled under ({@link
   * DesiredPoller#screen()}): while they are this node's, a row whose hash is unchanged needs no
   * new screening and is read only when something asks for it.
   */
  static final String ENTRY_SCREEN = "entry-screen";

  private final Optional<Supplier<SchemaPass.Outcome>> schemaStep;
  private final InstanceDbFile instanceDb;
  private final InstanceStore requestDb;
  private final DesiredCache cache;
  private final DesiredPoller poller;
  private final WorkPlanner planner;
  private final RemovalHold hold;
  private final RateLimitingQueue<String> queue;
  private final Supplier<Map<String, Instant>> nextChecks;
  private final PassMetrics metrics;
  private final Clock clock;
  private boolean synced;

  /**
   * @param schemaStep lists the source and validates it into the instance DB; empty when SlapOS
   *     writes the instance DB itself (drop-in mode)
   * @param nextChecks reads when each pending DNS challenge is due (empty without a domain gate)
   */
  Pass(
      Optional<Supplier<SchemaPass.Outcome>> schemaStep,
      InstanceDbFile instanceDb,
      InstanceStore requestDb,
      DesiredCache cache,
      DesiredPoller poller,
      WorkPlanner planner,
      RemovalHold hold,
      RateLimitingQueue<String> queue,
      Supplier<Map<String, Instant>> nextChecks,
      PassMetrics metrics,
      Clock clock) {
    this.schemaStep = schemaStep;
    this.instanceDb = instanceDb;
    this.requestDb = requestDb;
    this.cache = cache;
    this.poller = poller;
    this.planner = planner;
    this.hold = hold;
    this.queue = queue;
    this.nextChecks = nextChecks;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * What a pass did.
   *
   * @param synced whether the cache was synced from the instance DB: false after a pass that found
   *     nothing to do ({@link #runUnlessIdle()})
   */
  record Report(
      Optional<SchemaPass.Outcome> schema, CacheChanges changes, WorkPlan plan, boolean synced) {}

  /**
   * Runs the pass.
   *
   * @param recheckInvalid queue every invalid entry too (first pass, SIGHUP, run-once)
   * @throws RuntimeException when the source or a store failed; nothing was queued
   */
  Report run(boolean recheckInvalid) {
    return run(recheckInvalid, false);
  }

  /**
   * A run-once's pass: {@link #run(boolean) run(true)}, unless the stored state shows there is
   * nothing to do ({@link #idlePlan}). The cache is then left empty and nothing is written: a run
   * that would queue nothing costs one comparison of the two files in SQLite instead of reading
   * every summary of both. Nothing may read the cache after such a pass: the caller makes sure no
   * other work (a backend probe) needs it.
   *
   * @throws RuntimeException when the source or a store failed; nothing was queued
   */
  Report runUnlessIdle() {
    return run(true, true);
  }

  private Report run(boolean recheckInvalid, boolean unlessIdle) {
    Instant started = clock.instant();
    try {
      Optional<SchemaPass.Outcome> schema = schemaStep.map(Supplier::get);
      // Drop-in mode: the file slapconfiguration replaced since the last pass is read instead.
      InstanceStore desired = instanceDb.current();
      Optional<WorkPlan> idle = unlessIdle ? idlePlan(desired, started) : Optional.empty();
      CacheChanges changes = new CacheChanges(List.of(), List.of(), List.of());
      WorkPlan plan;
      if (idle.isPresent()) {
        plan = idle.get();
      } else {
        changes = poller.sync(desired, screened());
        plan = plan(changes, recheckInvalid, started);
        enqueue(plan);
      }
      metrics.passFinished(Duration.between(started, clock.instant()), true, clock.instant());
      return new Report(schema, changes, plan, idle.isEmpty());
    } catch (RuntimeException e) {
      metrics.passFinished(Duration.between(started, clock.instant()), false, clock.instant());
      throw e;
    }
  }

  /**
   * The plan of a first pass that rechecks every invalid entry, made from the entries SQLite finds
   * unsettled ({@link StoredDiff}), if it gives no work: the planner judges them as it would judge
   * the whole table, the settled pairs counting as known entries. Empty, for a full pass, when the
   * summaries cannot tell: rows not all screened under this node's entry bounds, a row without a
   * reference, removals held by an earlier pass (the full pass releases or confirms them), or an
   * entry whose check failed and whose desired row was rewritten since (the screen, which only a
   * full read applies, may refuse it, and a refused row is queued when rewritten). A failing
   * comparison falls back to the full pass too, which reports the store's failure if it persists.
   */
  private Optional<WorkPlan> idlePlan(InstanceStore desired, Instant now) {
    if (!requestDb.meta(ENTRY_SCREEN).equals(Optional.of(poller.screen()))
        || previouslyHeld() != null) {
      return Optional.empty();
    }
    Optional<StoredDiff> diff;
    try {
      diff = desired.unsettledAgainst(requestDb);
    } catch (StoreException e) {
      LOG.atWarn()
          .setMessage("comparing the instance DB with the request DB failed: a full pass follows")
          .setCause(e)
          .log();
      return Optional.empty();
    }
    if (diff.isEmpty()) {
      return Optional.empty();
    }
    Map<String, StoredSummary> wanted = new HashMap<>();
    for (Map.Entry<String, StoredSummary> entry : diff.get().desired().entrySet()) {
      StoredSummary summary = entry.getValue().withStateRead();
      StoredSummary seen = diff.get().observed().get(entry.getKey());
      if (seen != null
          && InstanceRow.VALID.equals(summary.validParameter())
          && InstanceRow.INVALID.equals(InstanceRow.stateOf(seen.validParameter()))
          && WorkPlanner.rewrittenSince(summary, seen)) {
        return Optional.empty();
      }
      wanted.put(entry.getKey(), summary);
    }
    WorkPlan plan =
        planner.plan(
            wanted,
            Set.of(),
            diff.get().observed(),
            requestDb.absentSince(),
            true,
            null,
            nextChecks(now),
            requestDb.certificateTimings().rechecks(),
            now,
            diff.get().settled());
    return plan.idle() && plan.heldDigest() == null ? Optional.of(plan) : Optional.empty();
  }

  /**
   * Whether every request DB row was reconciled under this node's entry bounds. When they were
   * others, their record is removed first, before any reconcile writes under the new ones, so that
   * a run stopped midway leaves no false record; {@link #recordScreen()} writes it again.
   */
  private boolean screened() {
    Optional<String> recorded = requestDb.meta(ENTRY_SCREEN);
    if (recorded.isEmpty()) {
      return false;
    }
    if (recorded.get().equals(poller.screen())) {
      return true;
    }
    requestDb.replaceMeta(ENTRY_SCREEN, recorded.get(), null);
    return false;
  }

  /**
   * Records that every request DB row was reconciled under this node's entry bounds: call once
   * everything a pass queued was reconciled (writes only when the record changes).
   */
  void recordScreen() {
    Optional<String> recorded = requestDb.meta(ENTRY_SCREEN);
    if (!recorded.equals(Optional.of(poller.screen()))) {
      requestDb.replaceMeta(ENTRY_SCREEN, recorded.orElse(null), poller.screen());
    }
  }

  private WorkPlan plan(CacheChanges changes, boolean recheckInvalid, Instant now) {
    Map<String, StoredSummary> observed = requestDb.summaries();
    Map<String, StoredSummary> desired = cache.summaries();
    // An entry not read yet is planned in its stored state, which is the served one unless the
    // screen refuses its row. A refused row's verdict was recorded (it is invalid in the request
    // DB) and its state matters only there: those entries are read first.
    List<String> screenFirst = new ArrayList<>();
    desired.forEach(
        (reference, summary) -> {
          StoredSummary seen = observed.get(reference);
          if (seen != null
              && InstanceRow.VALID.equals(summary.validParameter())
              && InstanceRow.INVALID.equals(InstanceRow.stateOf(seen.validParameter()))) {
            screenFirst.add(reference);
          }
        });
    if (cache.read(screenFirst)) {
      desired = cache.summaries();
    }
    // The first sync adds everything: the level diff alone decides then.
    Set<String> changed = new HashSet<>();
    if (synced) {
      changed.addAll(changes.added());
      changed.addAll(changes.updated());
      changed.addAll(changes.deleted());
    }
    synced = true;
    String previouslyHeld = previouslyHeld();
    WorkPlan plan =
        planner.plan(
            desired,
            changed,
            observed,
            requestDb.absentSince(),
            recheckInvalid,
            previouslyHeld,
            nextChecks(now),
            requestDb.certificateTimings().rechecks(),
            now,
            0);
    hold.hold(plan.held());
    String heldNow = plan.heldDigest() == null ? "" : plan.heldDigest();
    if (!heldNow.equals(previouslyHeld == null ? "" : previouslyHeld)) {
      requestDb.batch().meta(HELD_REMOVALS, heldNow).commit();
    }
    if (!plan.held().isEmpty()) {
      LOG.atWarn()
          .setMessage(
              "more than half of the known entries disappeared at once: their removal is held"
                  + " until the next listing confirms it")
          .addKeyValue("held", plan.held().size())
          .addKeyValue("example", plan.held().iterator().next())
          .log();
    }
    return plan;
  }

  /** The digest of the removals the previous pass held, null when none. */
  private String previouslyHeld() {
    return requestDb.meta(HELD_REMOVALS).filter(s -> !s.isEmpty()).orElse(null);
  }

  /** When each pending DNS challenge is due; counts, for the metric, those waiting. */
  private Map<String, Instant> nextChecks(Instant now) {
    Map<String, Instant> due = nextChecks.get();
    metrics.challengesWaiting((int) due.values().stream().filter(at -> at.isAfter(now)).count());
    return due;
  }

  private void enqueue(WorkPlan plan) {
    // The rows about to be reconciled, read in one pass rather than one by one by the workers.
    List<String> queued = new ArrayList<>(plan.now());
    queued.addAll(plan.recheck());
    cache.read(queued);
    plan.now().forEach(queue::add);
    plan.recheck().forEach(reference -> queue.add(reference, Priority.LOW));
    plan.later().forEach(queue::addAfter);
  }
}
