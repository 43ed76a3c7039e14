package org.slapos.instancenode.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slapos.instancenode.cdn.BackendProbeRunner;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.desired.DesiredStateException;
import org.slapos.instancenode.files.FileErrors;
import org.slapos.instancenode.master.MasterMetrics;
import org.slapos.instancenode.queue.QueueMetricsProvider;
import org.slapos.instancenode.reconcile.ReconcileMetrics;
import org.slapos.instancenode.schema.SchemaPass;
import org.slapos.instancenode.store.FirstRows;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.IntegrityCheck;
import org.slapos.instancenode.time.Deadline;

/**
 * {@code run --once}: under the node's lock, one pass that re-checks every invalid entry, every
 * queued reconcile finished, the owed bang sent, then a summary. What waits on a delay (retention,
 * DNS re-checks) is left to the next run.
 *
 * <p>The run has a deadline, {@code run-once-deadline} from its start, so that a cron run ends
 * before the next one starts: failed reconciles (DNS or the master not answering) are retried with
 * the queue's backoff until the deadline, never past it; no DNS question and no backend probe waits
 * past it. When it comes, the entries not checked yet are left exactly as they were (what is queued
 * is dropped, a reconcile in flight ends without its verdict) and the summary's {@link Incomplete}
 * names them and why; the locks are released as always.
 *
 * <p>Master calls are bounded by the deadline too ({@link
 * org.slapos.instancenode.master.MasterSettings#deadline()}). A listing ({@code desired-state =
 * master}) the master did not give by the deadline leaves the run with nothing to reconcile: it
 * changes nothing (an entry is never removed for want of a listing) and says the master did not
 * answer. No bang is sent past the deadline: an owed bang stays owed in the request DB, for the
 * next run, and the summary says so.
 */
public final class RunOnce {
  private RunOnce() {}

  /**
   * What a run did, for the command's summary.
   *
   * @param passTook listing, validating, diffing and queueing
   * @param reconciled how many references the pass queued
   * @param reconcileTook until every queued reconcile finished
   * @param dnsLookups how many DNS lookups of challenges the run made
   * @param challengesWaiting how many pending challenges are not due yet, left to later runs
   * @param invalid the first {@link #SHOWN} invalid entries and how many there are
   * @param warned the first {@link #SHOWN} valid entries with warnings and how many there are
   * @param incomplete what the deadline left unchecked; empty when the run completed
   */
  public record Summary(
      String source,
      Optional<SchemaPass.Outcome> schema,
      Duration passTook,
      int reconciled,
      Duration reconcileTook,
      int dnsLookups,
      int challengesWaiting,
      Map<String, Map<String, Integer>> byStateAndReason,
      FirstRows invalid,
      FirstRows warned,
      Path requestDb,
      Optional<Incomplete> incomplete) {
    /**
     * How many invalid entries, and how many entries with warnings, a summary names: it is a
     * summary, not a listing (the request DB has them all), so only these are read.
     */
    public static final int SHOWN = 50;
  }

  /**
   * @param pidfile a lock to hold too ({@code --pidfile}, as the Python implementation's cron jobs
   *     use), besides the node's own lock beside the request DB
   * @throws NodeLockedException when another process holds either lock
   */
  public static Summary run(
      NodeConfig config, Optional<Path> pidfile, BangTarget target, Clock clock)
      throws InterruptedException {
    // Real time, not the node's clock: the deadline bounds real waits (sockets, backoffs, threads)
    // that a test's stepped clock does not measure.
    Deadline deadline = Deadline.after(config.runOnceDeadline(), InstantSource.system());
    AtomicInteger lookups = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ReconcileMetrics failures =
        new ReconcileMetrics() {
          @Override
          public void reconciled(Outcome outcome, Duration took) {
            if (outcome == Outcome.ERROR || outcome == Outcome.TERMINAL) {
              failed.incrementAndGet();
            }
          }
        };
    try (NodeLock lock = nodeLock(config);
        NodeLock pidLock =
            pidfile.map(p -> NodeLock.acquire(p, FileErrors.named("--pidfile", p))).orElse(null);
        Node node =
            Node.open(
                config,
                IntegrityCheck.QUICK,
                target,
                new NodeMetrics(
                    QueueMetricsProvider.NONE,
                    failures,
                    PassMetrics.NONE,
                    (result, latency) -> lookups.incrementAndGet(),
                    MasterMetrics.NONE,
                    BackendProbeRunner.Metrics.NONE),
                deadline,
                clock)) {
      try {
        Summary summary = runLocked(node, lookups, failed, deadline, clock);
        // The summary's counts are the run's: the request DB is counted once.
        summary
            .incomplete()
            .map(
                left ->
                    LastRun.incomplete(
                        clock.instant(), "once", left.describe(), summary.byStateAndReason()))
            .orElseGet(() -> LastRun.succeeded(clock.instant(), "once", summary.byStateAndReason()))
            .record(node.requestDb());
        return summary;
      } catch (RuntimeException e) {
        LastRun.failed(clock.instant(), "once", e).recordAfterFailure(node.requestDb(), e);
        throw e;
      }
    }
  }

  private static Summary runLocked(
      Node node, AtomicInteger lookups, AtomicInteger failed, Deadline deadline, Clock clock)
      throws InterruptedException {
    Instant started = clock.instant();
    Pass.Report report;
    try {
      report = node.passOnce();
    } catch (DesiredStateException e) {
      if (!deadline.reached()) {
        throw e;
      }
      // The listing did not come in time: nothing was read, so nothing changes.
      List<String> unfinished = new ArrayList<>();
      unfinished.add(MASTER_SILENT + " (" + e.getMessage() + "); nothing was changed");
      bangOwed(node, false).ifPresent(unfinished::add);
      Duration took = Duration.between(started, clock.instant());
      return summary(
          node, Optional.empty(), took, 0, Duration.ZERO, lookups, deadline, Map.of(), unfinished);
    }
    Instant passed = clock.instant();
    Map<String, String> left = new TreeMap<>();
    try (Progress progress = new Progress(node, Duration.ofMinutes(1))) {
      node.start();
      // Probes come once the reconciles said which backends are due, then their changes are
      // reconciled too; a probe not due yet waits for a later run.
      boolean settled = node.settle(deadline);
      if (settled) {
        node.probeBackends(deadline)
            .forEach(reference -> left.put(reference, BackendProbeRunner.NOT_PROBED));
        settled = node.settle(deadline);
      }
      if (settled) {
        node.drain();
      } else {
        // A reconcile's last failure says more than "probe not started": it wins.
        left.putAll(node.abandon());
      }
    }
    if (failed.get() == 0 && left.isEmpty()) {
      // Every verdict is recorded: the next run need not screen unchanged rows again.
      node.recordScreen();
    }
    Instant drained = clock.instant();
    // No master call starts past the deadline: the bang then stays owed, for the next run.
    boolean tried = !deadline.reached();
    if (tried) {
      node.bangs().flush();
    }
    List<String> unfinished =
        deadline.reached() ? bangOwed(node, tried).stream().toList() : List.of();
    return summary(
        node,
        report.schema(),
        Duration.between(started, passed),
        report.plan().now().size() + report.plan().recheck().size(),
        Duration.between(passed, drained),
        lookups,
        deadline,
        left,
        unfinished);
  }

  /** Why a run's listing is missing: the master's call ended at the deadline. */
  static final String MASTER_SILENT = "the master did not answer by the deadline";

  /** The summary's line for a bang still owed at the deadline, if one is. */
  private static Optional<String> bangOwed(Node node, boolean tried) {
    if (node.bangs().owedSince().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "the bang of the host instance is still owed, for the next run to send: "
            + (tried ? MASTER_SILENT : "the deadline came before it was sent"));
  }

  private static Summary summary(
      Node node,
      Optional<SchemaPass.Outcome> schema,
      Duration passTook,
      int reconciled,
      Duration reconcileTook,
      AtomicInteger lookups,
      Deadline deadline,
      Map<String, String> left,
      List<String> unfinished) {
    InstanceStore.Overview overview = node.requestDb().overview(Summary.SHOWN);
    return new Summary(
        node.describeSource(),
        schema,
        passTook,
        reconciled,
        reconcileTook,
        lookups.get(),
        node.challengesWaiting(),
        overview.byStateAndReason(),
        overview.invalid(),
        overview.warned(),
        node.requestDb().file(),
        left.isEmpty() && unfinished.isEmpty()
            ? Optional.empty()
            : Optional.of(Incomplete.of(deadline.budget(), left, unfinished)));
  }

  /** Takes the node's own lock, beside the request DB; see {@link #defaultLock}. */
  static NodeLock nodeLock(NodeConfig config) {
    Path lock = defaultLock(config);
    return NodeLock.acquire(
        lock,
        FileErrors.named("requestinstance-db-path", config.requestInstanceDbPath())
            + ": its lock file "
            + lock);
  }

  /** The lock file beside the request DB. */
  public static Path defaultLock(NodeConfig config) {
    Path db = Node.prepared(config.requestInstanceDbPath(), "requestinstance-db-path");
    return db.resolveSibling(db.getFileName() + NodeConfig.LOCK_SUFFIX);
  }
}
