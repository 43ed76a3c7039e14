package org.slapos.instancenode.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slapos.instancenode.queue.RateLimitingQueue;
import org.slapos.instancenode.reconcile.ReconcileMetrics.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The worker loop: {@code workers} threads take references from the queue and reconcile them.
 *
 * <p>Guarantees: a reference is never reconciled on two threads at once (the queue's guarantee,
 * kept by calling {@code done} after every reconcile); an exception or error thrown by one
 * reconcile never stops a worker; a transient failure is retried with the queue's rate limiter, a
 * {@link TerminalException} is logged and not retried, and success resets the backoff. Each
 * reconcile runs with {@code reference} and {@code reconcileID} in the logging MDC.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #drain()} (finish every queued reference) or
 * {@link #stop(Duration)} (finish only those in flight). Thread-safe.
 */
public final class Controller {
  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private final RateLimitingQueue<String> queue;
  private final Reconciler reconciler;
  private final int workers;
  private final ReconcileMetrics metrics;
  private final Clock clock;
  private final AtomicInteger active = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();

  public Controller(
      RateLimitingQueue<String> queue,
      Reconciler reconciler,
      int workers,
      ReconcileMetrics metrics,
      Clock clock) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1: " + workers);
    }
    this.queue = Objects.requireNonNull(queue, "queue");
    this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
    this.workers = workers;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts the workers. */
  public synchronized void start() {
    if (!threads.isEmpty()) {
      throw new IllegalStateException("controller " + queue.name() + " already started");
    }
    metrics.started(workers);
    for (int i = 0; i < workers; i++) {
      Thread thread = new Thread(this::work, queue.name() + "-worker-" + i);
      threads.add(thread);
      thread.start();
    }
  }

  /** Reconciles every reference already queued (not those waiting on a delay), then stops. */
  public void drain() throws InterruptedException {
    queue.shutDownWithDrain();
    join(null);
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

  private boolean join(Duration bound) throws InterruptedException {
    Instant deadline = bound == null ? null : Instant.now().plus(bound);
    for (Thread thread : snapshot()) {
      if (deadline == null) {
        thread.join();
      } else {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0 || !thread.join(Duration.ofMillis(left))) {
          return false;
        }
      }
    }
    return true;
  }

  private synchronized List<Thread> snapshot() {
    return List.copyOf(threads);
  }

  private void work() {
    while (true) {
      String reference;
      try {
        reference = queue.get();
      } catch (InterruptedException e) {
        return;
      }
      if (reference == null) {
        return;
      }
      try {
        process(reference);
      } finally {
        queue.done(reference);
      }
    }
  }

  private void process(String reference) {
    metrics.activeWorkers(active.incrementAndGet());
    Instant started = clock.instant();
    MDC.put("reference", reference);
    MDC.put("reconcileID", Long.toHexString(ThreadLocalRandom.current().nextLong()));
    Outcome outcome;
    try {
      outcome = outcomeOf(reference, reconciler.reconcile(reference));
    } catch (TerminalException e) {
      queue.forget(reference);
      LOG.atError().setMessage("reconcile failed for good").setCause(e).log();
      outcome = Outcome.TERMINAL;
    } catch (Exception | StackOverflowError e) {
      queue.addRateLimited(reference);
      LOG.atWarn()
          .setMessage("reconcile failed, will retry")
          .addKeyValue("retries", queue.numRequeues(reference))
          .addKeyValue("error", String.valueOf(e))
          .setCause(e instanceof RuntimeException || e instanceof Error ? e : null)
          .log();
      outcome = Outcome.ERROR;
    } finally {
      MDC.remove("reference");
      MDC.remove("reconcileID");
      metrics.activeWorkers(active.decrementAndGet());
    }
    metrics.reconciled(outcome, Duration.between(started, clock.instant()));
  }

  private Outcome outcomeOf(String reference, Result result) {
    queue.forget(reference);
    if (result.requeueAfter().isPresent()) {
      queue.addAfter(reference, result.requeueAfter().get());
      return Outcome.REQUEUE_AFTER;
    }
    return Outcome.SUCCESS;
  }
}
