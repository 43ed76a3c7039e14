package org.slapos.instancenode.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slapos.instancenode.config.DesiredStateSetting;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.desired.DesiredStateException;
import org.slapos.instancenode.ops.Health;
import org.slapos.instancenode.ops.LoopHeartbeat;
import org.slapos.instancenode.ops.OpsServer;
import org.slapos.instancenode.ops.Probe;
import org.slapos.instancenode.ops.PrometheusMetrics;
import org.slapos.instancenode.ops.Readiness;
import org.slapos.instancenode.ops.Signals;
import org.slapos.instancenode.ops.SystemdNotify;
import org.slapos.instancenode.ops.WorkersAlive;
import org.slapos.instancenode.ops.WritableStores;
import org.slapos.instancenode.reconcile.Controller;
import org.slapos.instancenode.schema.SchemaLoadException;
import org.slapos.instancenode.store.IntegrityCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run}: the daemon. A pass every {@code resync-period} (with up to 10% jitter, so that nodes
 * started together do not poll together), workers reconciling in between, bangs flushed as soon as
 * a reconcile owes one (at most one per {@code bang-min-interval}); SIGHUP starts a full pass at
 * once (every invalid entry re-checked) and never stops the process; SIGTERM and SIGINT stop taking
 * work, let the reconciles in flight finish (bounded), and return. A failed pass is logged and
 * retried at the next period; the loop keeps serving health and metrics meanwhile.
 */
public final class Daemon {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
  private static final Duration STOP_BOUND = Duration.ofSeconds(30);
  private static final Duration MIN_WAIT = Duration.ofMillis(100);

  private final NodeConfig config;
  private final BangTarget target;
  private final Clock clock;
  private final Wakeup wakeup = new Wakeup();

  public Daemon(NodeConfig config, BangTarget target, Clock clock) {
    this.config = config;
    this.target = target;
    this.clock = clock;
  }

  /**
   * Installs the signal handlers, then runs as {@link #run()} does, notifying systemd when the
   * environment names its notify socket ({@code Type=notify}).
   */
  public void runWithSignals() throws InterruptedException {
    try (Signals.Installed hangup = Signals.onHangup(wakeup::hangup);
        Signals.Installed terminate = Signals.onTerminate(wakeup::stop);
        SystemdNotify notify =
            SystemdNotify.fromEnvironment(System.getenv(), ProcessHandle.current().pid())) {
      run(notify);
    }
  }

  /** Asks the loop to stop, as SIGTERM does. */
  public void stop() {
    wakeup.stop();
  }

  /** Asks for a full pass now, as SIGHUP does. */
  public void hangup() {
    wakeup.hangup();
  }

  /**
   * Runs until {@link #stop()}.
   *
   * @throws NodeLockedException when another process holds the lock
   */
  public void run() throws InterruptedException {
    run(SystemdNotify.none());
  }

  /**
   * Runs until {@link #stop()}, telling {@code notify}: {@code READY=1} once the first pass has
   * completed (failed or not: the status says which), a {@code STATUS=} line after every pass,
   * {@code WATCHDOG=1} whenever the loop turns (at least twice per watchdog interval), {@code
   * RELOADING=1} on SIGHUP until its pass completed, {@code STOPPING=1} when stopping.
   */
  private void run(SystemdNotify notify) throws InterruptedException {
    PrometheusMetrics metrics = new PrometheusMetrics(PrometheusMetrics.CONTROLLER);
    NodeMetrics hooks =
        new NodeMetrics(
            metrics.queues(),
            metrics.reconciles(),
            metrics.passes(),
            metrics.dns(),
            metrics.master(),
            metrics.backendProbes());
    LoopHeartbeat heartbeat =
        new LoopHeartbeat(clock, config.resyncPeriod().multipliedBy(3).plusMinutes(1));
    Readiness readiness = new Readiness(new WritableStores(writtenStores(config)));
    try (NodeLock lock = RunOnce.nodeLock(config);
        Node node = Node.open(config, IntegrityCheck.FULL, target, hooks, clock);
        OpsServer ops = serve(metrics, node, heartbeat, readiness);
        Progress progress = new Progress(node, Duration.ofMinutes(1))) {
      LOG.atInfo()
          .setMessage("started")
          .addKeyValue("source", node.describeSource())
          .addKeyValue("metrics", ops.address())
          .log();
      // A bang owed by a reconcile is flushed now, not at the next pass (an hour away, maybe).
      node.bangs().onOwed(wakeup::bangOwed);
      node.start();
      node.startProbing();
      Turns turns =
          new Turns(
              heartbeat, liveness(heartbeat, node), notify, new ServiceStatus(node.requestDb()));
      loop(node, turns, readiness);
      notify.stopping();
      LOG.atInfo().setMessage("stopping: finishing the reconciles in flight").log();
      if (!node.stop(STOP_BOUND)) {
        LOG.atWarn().setMessage("some reconciles did not finish in time").log();
      }
      flushBangs(node);
    }
    LOG.atInfo().setMessage("stopped").log();
  }

  /**
   * Starts the ops server; the entries and the owed bang are read from the node's stores at each
   * scrape, so they are right from the first scrape after a restart.
   */
  private OpsServer serve(
      PrometheusMetrics metrics, Node node, LoopHeartbeat heartbeat, Readiness readiness) {
    metrics.countEntries(node.requestDb());
    metrics.watchBangs(node.bangs()::owedSince);
    metrics.resyncPeriod(config.resyncPeriod());
    return OpsServer.start(
        config.metricsAddress(),
        metrics.registry(),
        Health.of(liveness(heartbeat, node), readiness));
  }

  /** The stores the node writes: not the instance DB when SlapOS writes it (drop-in mode). */
  private static List<Path> writtenStores(NodeConfig config) {
    List<Path> files = new ArrayList<>();
    if (!(config.desiredState() instanceof DesiredStateSetting.InstanceDb)) {
      files.add(config.instanceDbPath());
    }
    files.add(config.requestInstanceDbPath());
    config.domainValidationDbPath().ifPresent(files::add);
    return files;
  }

  private void loop(Node node, Turns turns, Readiness readiness) throws InterruptedException {
    boolean recheckInvalid = true;
    boolean announceReady = true;
    while (!wakeup.stopping()) {
      Optional<String> failure = Optional.empty();
      try {
        node.pass(recheckInvalid);
        LastRun.succeeded(clock.instant(), "daemon", turns.status().counts())
            .record(node.requestDb());
        readiness.passSucceeded();
        recheckInvalid = false;
      } catch (RuntimeException e) {
        failure = Optional.of(String.valueOf(e.getMessage()));
        LastRun.failed(clock.instant(), "daemon", e).recordAfterFailure(node.requestDb(), e);
        readiness.passFailed(failure.get());
        logPassFailure(e);
      }
      turns.passed(node, failure, announceReady, clock);
      announceReady = false;
      long passAt = System.nanoTime() + jittered(config.resyncPeriod()).toNanos();
      while (true) {
        Optional<Duration> bangDue = flushBangs(node);
        Duration untilPass = Duration.ofNanos(passAt - System.nanoTime());
        if (untilPass.isNegative() || untilPass.isZero()) {
          break;
        }
        // A floor keeps a failing bang with a zero interval from spinning the loop.
        Duration wait =
            bangDue
                .map(d -> d.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : d)
                .filter(d -> d.compareTo(untilPass) < 0)
                .orElse(untilPass);
        Wakeup.Reason reason = wakeup.await(turns.bounded(wait));
        turns.beat();
        if (reason == Wakeup.Reason.HANGUP) {
          LOG.atInfo().setMessage("SIGHUP: full pass now").log();
          turns.systemd().reloading();
          node.hangup();
          recheckInvalid = true;
          announceReady = true;
          break;
        }
        if (reason == Wakeup.Reason.STOP) {
          break;
        }
      }
    }
  }

  /**
   * An input the operator must fix (a bad desired-state file, a master that refuses, a broken
   * schema) is one line naming it and the fix: its stack trace would only hide the message. Any
   * other failure is unexpected and keeps its stack trace.
   */
  private static void logPassFailure(RuntimeException e) {
    var event = LOG.atError().setMessage("pass failed; the last good desired state stays");
    if (e instanceof DesiredStateException || e instanceof SchemaLoadException) {
      event
          .addKeyValue("error", e.getMessage())
          .addKeyValue(
              "fix", "correct the input the error names; the next pass or SIGHUP reads it again")
          .log();
    } else {
      event.setCause(e).log();
    }
  }

  private static Probe liveness(LoopHeartbeat heartbeat, Node node) {
    Controller workers = node.controller();
    return WorkersAlive.both(
        heartbeat,
        new WorkersAlive(
            workers::wedged, workers::aliveWorkers, workers::workerDeaths, workers::lastDeath));
  }

  private static Optional<Duration> flushBangs(Node node) {
    try {
      return node.bangs().flush();
    } catch (RuntimeException e) {
      LOG.atError().setMessage("cannot flush the owed bang").setCause(e).log();
      return Optional.of(Duration.ofMinutes(1));
    }
  }

  private static Duration jittered(Duration period) {
    long millis = period.toMillis();
    return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 10 + 1));
  }

  /** What each turn of the loop tells the liveness probe and systemd. */
  private record Turns(
      LoopHeartbeat heartbeat, Probe liveness, SystemdNotify systemd, ServiceStatus status) {
    /** The loop turned; systemd's watchdog is fed only while the workers make progress too. */
    void beat() {
      heartbeat.beat();
      if (liveness.ok()) {
        systemd.watchdog();
      }
    }

    /**
     * After a pass: {@code READY=1} when {@code ready} (the first pass, a reload's), else a status.
     */
    void passed(Node node, Optional<String> failure, boolean ready, Clock clock) {
      beat();
      String line = status.afterPass(clock.instant(), failure, node.queue().len());
      if (ready) {
        systemd.ready(line);
      } else {
        systemd.status(line);
      }
    }

    /** {@code wait}, or half the watchdog interval when that is shorter. */
    Duration bounded(Duration wait) {
      return systemd
          .watchdogInterval()
          .map(interval -> interval.dividedBy(2))
          .filter(half -> half.compareTo(wait) < 0)
          .orElse(wait);
    }
  }
}
