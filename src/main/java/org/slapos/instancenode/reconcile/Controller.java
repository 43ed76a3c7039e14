package org.slapos.instancenode.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slapos.instancenode.queue.RateLimitingQueue;
import org.slapos.instancenode.reconcile.ReconcileMetrics.Outcome;
import org.slapos.instancenode.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The worker loop: {@code workers} threads take references from the queue and reconcile them.
 *
 * <p>Guarantees: a reference is never reconciled on two threads at once (the queue's guarantee,
 * kept by calling {@code done} after every reconcile); an exception or error thrown by one
 * reconcile never stops the loop; a transient failure is retried with the queue's rate limiter, a
 * {@link TerminalException} is logged and not retried, and success resets the backoff. A worker
 * whose reconcile throws an {@link Error} ({@link OutOfMemoryError} included) is not trusted
 * further: the error is logged once, the reference is given back to the queue with backoff, and a
 * new worker replaces it. Each reconcile runs with {@code reference} and {@code reconcileID} in the
 * logging MDC.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #drain()} (finish every queued reference) or
 * {@link #stop(Duration)} (finish only those in flight); a run with a deadline waits with {@link
 * #awaitSettled} (no reconcile starts past its deadline) and, when the deadline comes first, gives
 * up with {@link #abandon}. Thread-safe.
 */
public final class Controller {
  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private final RateLimitingQueue<String> queue;
  private final Reconciler reconciler;
  private final int workers;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final Commits commits;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger alive = new AtomicInteger();
  private final AtomicInteger deaths = new AtomicInteger();
  private final AtomicInteger deathsInARow = new AtomicInteger();
  private volatile String lastDeath = "";
  // The references whose reconcile killed its worker and has not completed since.
  private final Set<String> unfinished = ConcurrentHashMap.newKeySet();
  // The references whose last attempt failed (retried with backoff), with why.
  private final Map<String, String> failing = new ConcurrentHashMap<>();
  // The references being reconciled, until their outcome is committed.
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  // Counts outcomes, so that a waiter can sleep until the next one.
  private final Object progress = new Object();
  private long outcomes;
  // Set by awaitSettled: once it is reached, no reconcile starts.
  private volatile Deadline stopAt = Deadline.NONE;
  private final List<Thread> threads = new ArrayList<>();
  private int spawned;

  /** A controller whose reconciles commit before each write returns ({@link Commits#IMMEDIATE}). */
  public Controller(
      RateLimitingQueue<String> queue,
      Reconciler reconciler,
      int workers,
      ReconcileMetrics metrics,
      Clock clock) {
    this(queue, reconciler, workers, metrics, clock, Commits.IMMEDIATE);
  }

  /**
   * @param commits when each reconcile's writes are committed: its reference is done only then
   */
  public Controller(
      RateLimitingQueue<String> queue,
      Reconciler reconciler,
      int workers,
      ReconcileMetrics metrics,
      Clock clock,
      Commits commits) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1: " + workers);
    }
    this.queue = Objects.requireNonNull(queue, "queue");
    this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
    this.workers = workers;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.commits = Objects.requireNonNull(commits, "commits");
  }

  /** Starts the workers. */
  public synchronized void start() {
    if (!threads.isEmpty()) {
      throw new IllegalStateException("controller " + queue.name() + " already started");
    }
    metrics.started(workers);
    for (int i = 0; i < workers; i++) {
      spawn(false);
    }
  }

  /**
   * @param replacing whether it takes a dying worker's place, whose count it takes over: the count
   *     of live workers never shows both, nor neither
   */
  private synchronized void spawn(boolean replacing) {
    Thread thread = new Thread(this::work, queue.name() + "-worker-" + spawned++);
    threads.removeIf(t -> !t.isAlive());
    threads.add(thread);
    if (!replacing) {
      alive.incrementAndGet();
    }
    try {
      thread.start();
    } catch (RuntimeException | Error e) {
      alive.decrementAndGet();
      throw e;
    }
  }

  /** Reconciles every reference already queued (not those waiting on a delay), then stops. */
  public void drain() throws InterruptedException {
    queue.shutDownWithDrain();
    join(null);
  }

  /**
   * Reconciles everything queued, including what those reconciles queue, but not what waits on a
   * delay; then stops the workers, as {@link #drain()} does.
   *
   * @param check how often to check, while waiting, that the workers still make progress
   * @throws WorkersDiedException when workers died meanwhile: at once when they {@link #stalled()},
   *     otherwise once the rest is done, since what they were reconciling waits on a backoff
   */
  public void finish(Duration check) throws InterruptedException {
    awaitIdle(check);
    drain();
    if (stalled()) {
      throw died("cannot make progress");
    }
    if (!unfinished.isEmpty()) {
      throw died("did not finish every entry");
    }
  }

  /**
   * Waits until everything queued is reconciled, including what those reconciles queue, but not
   * what waits on a delay; the workers keep running.
   *
   * @param check how often to check, while waiting, that the workers still make progress
   * @throws WorkersDiedException when the workers {@link #stalled()}
   */
  public void awaitIdle(Duration check) throws InterruptedException {
    while (!queue.awaitIdle(check)) {
      if (stalled()) {
        queue.shutDown();
        throw died("cannot make progress");
      }
    }
  }

  /**
   * Waits until everything queued is reconciled, including what those reconciles queue, and until
   * no reference's last attempt failed: a failure retried with backoff is waited for, its retries
   * included, until one succeeds or the deadline comes. What waits on a chosen delay (a requeue
   * after) does not count. The workers keep running.
   *
   * @param check how often to check, while waiting, that the workers still make progress
   * @return true when settled, false when {@code deadline} came first (see {@link #abandon})
   * @throws WorkersDiedException when the workers {@link #stalled()}
   */
  public boolean awaitSettled(Deadline deadline, Duration check) throws InterruptedException {
    stopAt = deadline;
    while (true) {
      long seen;
      synchronized (progress) {
        seen = outcomes;
      }
      boolean idle = queue.awaitIdle(deadline.bound(check));
      if (idle && failing.isEmpty()) {
        return true;
      }
      if (stalled()) {
        queue.shutDown();
        throw died("cannot make progress");
      }
      if (deadline.reached()) {
        return false;
      }
      if (idle) {
        // Only retries wait, on their backoff: sleep until an outcome, not in a busy loop.
        awaitOutcomeAfter(seen, deadline.bound(check));
      }
    }
  }

  private void awaitOutcomeAfter(long seen, Duration bound) throws InterruptedException {
    long until = System.nanoTime() + bound.toNanos();
    synchronized (progress) {
      for (long left = bound.toNanos(); outcomes == seen && left > 0; ) {
        TimeUnit.NANOSECONDS.timedWait(progress, left);
        left = until - System.nanoTime();
      }
    }
  }

  /**
   * At a deadline: stops taking references (those queued and those waiting on a retry are dropped,
   * unchanged), waits up to {@code grace} for the reconciles in flight, and says which references
   * were left unchecked and why: the last failure seen for each, else {@link #NOT_REACHED} or
   * {@link #STILL_RUNNING}.
   *
   * @return the references left, sorted, each with why
   * @throws WorkersDiedException when workers died and what they were reconciling did not finish:
   *     the run failed, more than it ran out of time
   */
  public SortedMap<String, String> abandon(Duration grace) throws InterruptedException {
    Set<String> dropped = queue.shutDownNow();
    join(grace);
    SortedMap<String, String> left = new TreeMap<>();
    dropped.forEach(reference -> left.put(reference, NOT_REACHED));
    inFlight.forEach(reference -> left.put(reference, STILL_RUNNING));
    left.putAll(failing);
    if (!unfinished.isEmpty()) {
      throw died("did not finish every entry");
    }
    return left;
  }

  /** Why a reference queued but never reconciled was left, by {@link #abandon}. */
  public static final String NOT_REACHED = "not reached before the deadline";

  /** Why a reference whose reconcile did not end within the grace was left, by {@link #abandon}. */
  public static final String STILL_RUNNING = "still being checked at the deadline";

  private WorkersDiedException died(String what) {
    return new WorkersDiedException(
        "the run "
            + what
            + ": "
            + deaths.get()
            + " reconciles died ("
            + lastDeath
            + "); "
            + unfinished.size()
            + " entries are left for the next run; give the process more memory (-Xmx)");
  }

  /**
   * Stops taking references and waits up to {@code bound} for those in flight.
   *
   * @return true when every worker finished within the bound
   */
  public boolean stop(Duration bound) throws InterruptedException {
    queue.shutDown();
    return join(bound);
  }

  /** The number of workers busy in a reconcile now. */
  public int activeWorkers() {
    return active.get();
  }

  /** The number of worker threads running now: 0 before start, after stop, or when none is left. */
  public int aliveWorkers() {
    return alive.get();
  }

  /** What the last worker to die died of, in words ({@code ""} while none died). */
  public String lastDeath() {
    return lastDeath;
  }

  /** How many workers died of an {@link Error} since start. */
  public int workerDeaths() {
    return deaths.get();
  }

  /**
   * Whether the workers cannot make progress: the last {@code 2 * workers} reconciles, at least,
   * all died of an {@link Error}, or no worker is left. Never true before a worker died.
   */
  public boolean stalled() {
    return deaths.get() > 0 && (alive.get() == 0 || deathsInARow.get() >= 2 * workers);
  }

  /**
   * Whether the process is past helping itself and should be restarted (the daemon's liveness): no
   * worker is left, or the workers {@link #stalled()} on more than one entry. A single entry that
   * kills every worker taking it is not: a restart would not cure it, and it waits on its backoff
   * while the others are reconciled. Cleared by the next reconcile that completes.
   */
  public boolean wedged() {
    return deaths.get() > 0
        && (alive.get() == 0 || (deathsInARow.get() >= 2 * workers && unfinished.size() > 1));
  }

  private boolean join(Duration bound) throws InterruptedException {
    Instant deadline = bound == null ? null : Instant.now().plus(bound);
    // A worker that dies while joining is replaced: wait for the replacements too.
    for (List<Thread> running = running(); !running.isEmpty(); running = running()) {
      for (Thread thread : running) {
        if (deadline == null) {
          thread.join();
        } else {
          long left = Duration.between(Instant.now(), deadline).toMillis();
          if (left <= 0 || !thread.join(Duration.ofMillis(left))) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private synchronized List<Thread> running() {
    return threads.stream().filter(Thread::isAlive).toList();
  }

  private void work() {
    boolean replaced = false;
    try {
      while (true) {
        if (queue.len() == 0) {
          // Nothing to share a commit with: what waits is committed now, and marked done.
          commits.flush();
        }
        String reference;
        try {
          reference = queue.get();
        } catch (InterruptedException e) {
          return;
        }
        if (reference == null) {
          return;
        }
        if (stopAt.reached()) {
          // Past the deadline nothing starts: the reference stays queued, for abandon to report
          // with its last failure, and this worker ends.
          queue.add(reference);
          queue.done(reference);
          return;
        }
        if (!process(reference)) {
          replaced = true;
          return;
        }
      }
    } catch (Error e) {
      diedOutsideAReconcile(e);
    } finally {
      if (!replaced) {
        alive.decrementAndGet();
      }
    }
  }

  /**
   * After an {@link Error}, this thread's state cannot be trusted (a half-done allocation, a lock
   * left in a library): it ends and a new worker takes its place. Kept small, since memory may be
   * short.
   */
  private void died(String reference, Error e) {
    deaths.incrementAndGet();
    deathsInARow.incrementAndGet();
    metrics.panicked();
    unfinished.add(reference);
    lastDeath = e instanceof OutOfMemoryError ? "out of memory: " + e.getMessage() : e.toString();
    failing.put(reference, "its worker died (" + lastDeath + ")");
    queue.addRateLimited(reference);
    LOG.atError()
        .setMessage(
            "a worker died in a reconcile: the entry is retried with backoff by a new worker")
        .addKeyValue("retries", queue.numRequeues(reference))
        .addKeyValue("error", String.valueOf(e))
        .setCause(e instanceof OutOfMemoryError ? null : e)
        .log();
    // Also when shutting down: a drain still needs workers, and after a stop the new one ends.
    try {
      spawn(true);
    } catch (RuntimeException | Error failed) {
      LOG.atError().setMessage("cannot start a new worker").addKeyValue("error", failed).log();
    }
  }

  /**
   * An {@link Error} outside a reconcile (committing, taking from the queue): no entry to give
   * back, and no replacement, since the same bookkeeping would kill it at once, in a loop; the
   * worker ends, counted, so that when none is left the workers {@link #stalled()} and the run (or
   * the daemon's liveness) says so instead of waiting for ever.
   */
  private void diedOutsideAReconcile(Error e) {
    deaths.incrementAndGet();
    deathsInARow.incrementAndGet();
    metrics.panicked();
    lastDeath = e instanceof OutOfMemoryError ? "out of memory: " + e.getMessage() : e.toString();
    LOG.atError()
        .setMessage("a worker died outside a reconcile and is not replaced")
        .addKeyValue("error", String.valueOf(e))
        .setCause(e instanceof OutOfMemoryError ? null : e)
        .log();
  }

  /**
   * Reconciles {@code reference}; false when the worker died doing so and must end. What the queue
   * learns of the outcome (forget, requeue, done) waits until the reconcile's writes are committed;
   * when a commit lost them, the reference is retried with backoff instead.
   */
  private boolean process(String reference) {
    metrics.activeWorkers(active.incrementAndGet());
    inFlight.add(reference);
    Instant started = clock.instant();
    MDC.put("reference", reference);
    MDC.put("reconcileID", Long.toHexString(ThreadLocalRandom.current().nextLong()));
    Commits.Scope writes = commits.begin();
    Outcome outcome;
    Result result = null;
    Error fatal = null;
    Throwable failure = null;
    try {
      result = reconciler.reconcile(reference);
      outcome = result.requeueAfter().isPresent() ? Outcome.REQUEUE_AFTER : Outcome.SUCCESS;
    } catch (TerminalException e) {
      LOG.atError().setMessage("reconcile failed for good").setCause(e).log();
      outcome = Outcome.TERMINAL;
    } catch (Exception | StackOverflowError e) {
      LOG.atWarn()
          .setMessage("reconcile failed, will retry")
          .addKeyValue("retries", queue.numRequeues(reference) + 1)
          .addKeyValue("error", String.valueOf(e))
          .setCause(e instanceof RuntimeException || e instanceof Error ? e : null)
          .log();
      outcome = Outcome.ERROR;
      failure = e;
    } catch (Error e) {
      fatal = e;
      outcome = Outcome.ERROR;
      died(reference, e);
    } finally {
      MDC.remove("reference");
      MDC.remove("reconcileID");
      metrics.activeWorkers(active.decrementAndGet());
    }
    if (fatal == null) {
      deathsInARow.set(0);
      unfinished.remove(reference);
    }
    Duration took = Duration.between(started, clock.instant());
    Outcome reconciled = outcome;
    Result asked = result;
    boolean retried = fatal != null;
    String why = failure == null ? null : whyOf(failure);
    writes.end(
        lost -> {
          try {
            if (lost.isPresent()) {
              failing.put(reference, "its writes were not committed (" + lost.get() + ")");
              if (!retried) {
                queue.addRateLimited(reference);
              }
              metrics.reconciled(Outcome.ERROR, took);
              return;
            }
            if (why != null) {
              failing.put(reference, why);
            } else if (!retried) {
              failing.remove(reference);
            }
            if (!retried) {
              complete(reference, reconciled, asked);
            }
            metrics.reconciled(reconciled, took);
          } finally {
            inFlight.remove(reference);
            queue.done(reference);
            synchronized (progress) {
              outcomes++;
              progress.notifyAll();
            }
          }
        });
    return fatal == null;
  }

  /** A failure in words shared by the entries it hits, when it has them. */
  private static String whyOf(Throwable e) {
    if (e instanceof TransientFailure transientFailure) {
      return transientFailure.why();
    }
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  /** Tells the queue the committed outcome of a reconcile that did not kill its worker. */
  private void complete(String reference, Outcome outcome, Result result) {
    switch (outcome) {
      case ERROR -> queue.addRateLimited(reference);
      case TERMINAL -> queue.forget(reference);
      default -> outcomeOf(reference, result);
    }
  }

  private void outcomeOf(String reference, Result result) {
    queue.forget(reference);
    result.requeueAfter().ifPresent(delay -> queue.addAfter(reference, delay));
  }
}
