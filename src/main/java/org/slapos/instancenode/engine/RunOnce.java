package org.slapos.instancenode.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slapos.instancenode.cdn.BackendProbeRunner;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.files.FileErrors;
import org.slapos.instancenode.master.MasterMetrics;
import org.slapos.instancenode.queue.QueueMetricsProvider;
import org.slapos.instancenode.reconcile.ReconcileMetrics;
import org.slapos.instancenode.schema.SchemaPass;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.IntegrityCheck;

/**
 * {@code run --once}: under the node's lock, one pass that re-checks every invalid entry, every
 * queued reconcile finished, the owed bang sent, then a summary. What waits on a delay (retention,
 * DNS re-checks) is left to the next run.
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
   * @param warned valid entries with warnings
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
      List<InstanceRow> invalid,
      List<InstanceRow> warned,
      Path requestDb) {}

  /**
   * @param pidfile a lock to hold too ({@code --pidfile}, as the Python implementation's cron jobs
   *     use), besides the node's own lock beside the request DB
   * @throws NodeLockedException when another process holds either lock
   */
  public static Summary run(
      NodeConfig config, Optional<Path> pidfile, BangTarget target, Clock clock)
      throws InterruptedException {
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
                clock)) {
      try {
        Summary summary = runLocked(node, lookups, failed, clock);
        // The summary's counts are the run's: the request DB is counted once.
        LastRun.succeeded(clock.instant(), "once", summary.byStateAndReason())
            .record(node.requestDb());
        return summary;
      } catch (RuntimeException e) {
        LastRun.failed(clock.instant(), "once", e).recordAfterFailure(node.requestDb(), e);
        throw e;
      }
    }
  }

  private static Summary runLocked(
      Node node, AtomicInteger lookups, AtomicInteger failed, Clock clock)
      throws InterruptedException {
    Instant started = clock.instant();
    Pass.Report report = node.pass(true);
    Instant passed = clock.instant();
    try (Progress progress = new Progress(node, Duration.ofMinutes(1))) {
      node.start();
      // Probes come once the reconciles said which backends are due, then their changes are
      // reconciled too; a probe not due yet waits for a later run.
      node.settle();
      node.probeBackends();
      node.drain();
    }
    if (failed.get() == 0) {
      // Every verdict is recorded: the next run need not screen unchanged rows again.
      node.recordScreen();
    }
    Instant drained = clock.instant();
    node.bangs().flush();
    return new Summary(
        node.describeSource(),
        report.schema(),
        Duration.between(started, passed),
        report.plan().now().size() + report.plan().recheck().size(),
        Duration.between(passed, drained),
        lookups.get(),
        node.challengesWaiting(),
        node.requestDb().countByStateAndReason(),
        node.requestDb().withState(InstanceRow.INVALID),
        node.requestDb().validWithWarnings(),
        node.requestDb().file());
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
