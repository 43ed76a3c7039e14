package org.slapos.instancenode.queue;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A queue of keys to process, with the guarantees of client-go's {@code workqueue}.
 *
 * <ul>
 *   <li><b>De-duplicated:</b> a key added while it is pending is pending once; {@link #len()}
 *       counts it once and {@link #get()} hands it out once.
 *   <li><b>Exclusive:</b> a key is never handed to two callers at once. Between {@link #get()}
 *       returning it and {@link #done(Object) done(key)}, the key is <i>processing</i> and is not
 *       handed out again.
 *   <li><b>Nothing lost:</b> a key added while it is processing is held back and becomes ready
 *       again when {@code done(key)} is called, and only then.
 *   <li><b>Ordered:</b> keys are handed out first in, first out within a {@link Priority}; a {@link
 *       Priority#LOW} key only when no {@link Priority#NORMAL} key is ready.
 * </ul>
 *
 * <p><b>Caller's duty:</b> call {@code done(key)} exactly once for every key that {@code get()}
 * returned, whatever the outcome (in a {@code finally} block). A key never marked done is never
 * processed again, and {@link #shutDownWithDrain()} waits for it forever.
 *
 * <p><b>Shutdown:</b> once {@link #shutDown()} or {@link #shutDownWithDrain()} has been called,
 * adds are ignored. {@code shutDown()} drops the pending keys and makes {@code get()} return {@code
 * null} at once to every caller. {@code shutDownWithDrain()} keeps handing out the keys already
 * pending (including those re-queued by {@code done}) and returns when none is left pending or
 * processing; {@code get()} returns {@code null} whenever no key is ready. A {@code shutDown()}
 * during a drain abandons it: the pending keys are dropped and the drain returns. (client-go's
 * {@code ShutDown} documents the same but still hands out pending keys, and its {@code
 * ShutDownWithDrain} can return while a key re-queued by {@code Done} is pending; both are
 * tightened here.)
 *
 * <p><b>Thread-safety:</b> every method is thread-safe; one lock guards the whole state. Keys must
 * be immutable with consistent {@code equals} and {@code hashCode}; {@code null} is refused.
 *
 * @param <K> the key type, for example an entry reference
 */
public class WorkQueue<K> {
  /** A pending key's priority and when it became pending, for the queue-duration metric. */
  private record Pending(Priority priority, Instant since) {}

  private final String name;
  final Clock clock;
  final QueueMetrics metrics;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition keyReady = lock.newCondition();
  private final Condition drained = lock.newCondition();
  private final PendingLanes<K> ready = new PendingLanes<>();
  // Every pending key: the ready ones and those held back because they are processing.
  private final Map<K, Pending> pending = new HashMap<>();
  // Keys handed out and not yet done, with when they were handed out.
  private final Map<K, Instant> processing = new HashMap<>();
  private boolean shuttingDown;
  private boolean draining;

  /** A queue on the system clock that reports no metrics. */
  public WorkQueue(String name) {
    this(name, Clock.systemUTC(), QueueMetricsProvider.NONE);
  }

  /**
   * @param name names the queue in metrics, thread names and error messages
   * @param clock measures the time keys wait and are processed (and, in subclasses, delays)
   * @param metrics asked once, here, for this queue's {@link QueueMetrics}
   */
  public WorkQueue(String name, Clock clock, QueueMetricsProvider metrics) {
    this.name = requireNonNull(name, "name");
    this.clock = requireNonNull(clock, "clock");
    this.metrics =
        requireNonNull(
            requireNonNull(metrics, "metrics").forQueue(name, inFlight(lock, processing, clock)),
            "QueueMetricsProvider.forQueue returned null for queue " + name);
  }

  public final String name() {
    return name;
  }

  /** Adds {@code key} with {@link Priority#NORMAL}; see {@link #add(Object, Priority)}. */
  public final void add(K key) {
    add(key, Priority.NORMAL);
  }

  /**
   * Marks {@code key} as needing processing. Does nothing if it is already pending (except that
   * {@code NORMAL} promotes a pending {@code LOW} key) or if the queue is shutting down. If the key
   * is processing, it becomes ready when that run is done.
   */
  public final void add(K key, Priority priority) {
    requireNonNull(key, "key");
    requireNonNull(priority, "priority");
    lock.lock();
    try {
      if (shuttingDown) {
        return;
      }
      Pending already = pending.get(key);
      if (already != null) {
        if (priority == Priority.NORMAL && already.priority() == Priority.LOW) {
          pending.put(key, new Pending(Priority.NORMAL, already.since()));
          ready.promote(key);
        }
        return;
      }
      pending.put(key, new Pending(priority, clock.instant()));
      metrics.added();
      metrics.depth(pending.size());
      if (!processing.containsKey(key)) {
        ready.offer(key, priority);
        keyReady.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until a key is ready, marks it processing and returns it; the caller must call {@link
   * #done(Object) done(key)} when finished with it.
   *
   * @return the key, or {@code null} once the queue is shut down and no key is ready: the caller
   *     should then stop asking
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public final K get() throws InterruptedException {
    lock.lock();
    try {
      while (ready.isEmpty() && !shuttingDown) {
        keyReady.await();
      }
      K key = ready.poll();
      if (key == null) {
        return null;
      }
      Instant now = clock.instant();
      Pending handedOut = pending.remove(key);
      processing.put(key, now);
      metrics.queued(Elapsed.between(handedOut.since(), now));
      metrics.depth(pending.size());
      return key;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks the processing of {@code key} finished. If the key was added again meanwhile, it becomes
   * ready now.
   *
   * @throws IllegalStateException if {@code key} is not processing (never handed out, or already
   *     marked done): a bug in the caller
   */
  public final void done(K key) {
    requireNonNull(key, "key");
    lock.lock();
    try {
      Instant started = processing.remove(key);
      if (started == null) {
        throw new IllegalStateException(
            "queue " + name + ": done(" + key + ") for a key that is not being processed");
      }
      metrics.worked(Elapsed.between(started, clock.instant()));
      Pending again = pending.get(key);
      if (again != null) {
        ready.offer(key, again.priority());
        keyReady.signal();
      } else if (processing.isEmpty() && pending.isEmpty()) {
        drained.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many keys are ready to be handed out now; for information only, it may change at once. */
  public final int len() {
    lock.lock();
    try {
      return ready.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the queue now: later adds are ignored, pending keys are dropped, and {@link #get()}
   * returns {@code null} to every caller, blocked or not. Keys being processed must still be marked
   * done; they are not queued again. Returns at once; safe to call more than once, and during a
   * {@link #shutDownWithDrain()}, which it makes return.
   */
  public final void shutDown() {
    shutDownNow();
  }

  /**
   * {@link #shutDown()}, returning the keys it dropped: those pending, ready or held back while
   * they are processing (not those waiting on a delay, nor those processing and not added again).
   * Like {@code ExecutorService.shutdownNow}, so that the caller can say what was left undone.
   */
  public final Set<K> shutDownNow() {
    Set<K> dropped;
    lock.lock();
    try {
      dropped = Set.copyOf(pending.keySet());
      shuttingDown = true;
      draining = false;
      ready.clear();
      pending.clear();
      metrics.depth(0);
      keyReady.signalAll();
      drained.signalAll();
    } finally {
      lock.unlock();
    }
    onShutDown();
    return dropped;
  }

  /**
   * Stops taking new keys and waits until the work already accepted is finished: later adds are
   * ignored, the keys already pending are still handed out by {@link #get()}, and this method
   * returns once no key is pending or processing, or when {@link #shutDown()} is called. The
   * workers must keep calling {@code get()} and {@code done(key)} meanwhile, or this never returns.
   *
   * @throws InterruptedException if the calling thread is interrupted while waiting; the queue
   *     stays shut down
   */
  public final void shutDownWithDrain() throws InterruptedException {
    lock.lock();
    try {
      shuttingDown = true;
      draining = true;
      // Idle workers wake to find nothing ready and stop; busy ones take what done re-queues.
      keyReady.signalAll();
    } finally {
      lock.unlock();
    }
    onShutDown();
    lock.lock();
    try {
      while (draining && !(processing.isEmpty() && pending.isEmpty())) {
        drained.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no key is pending or processing, while the queue keeps taking keys: keys added by
   * the processing of others are waited for too (unlike {@link #shutDownWithDrain()}, which ignores
   * them). Keys waiting on a delay do not count. Returns at once when the queue is shut down.
   *
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public final void awaitIdle() throws InterruptedException {
    lock.lock();
    try {
      while (!shuttingDown && !(processing.isEmpty() && pending.isEmpty())) {
        drained.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@link #awaitIdle()} for at most {@code bound}, so that a caller can check meanwhile whether
   * the work can still progress.
   *
   * @return whether the queue became idle (or shut down) within the bound
   */
  public final boolean awaitIdle(Duration bound) throws InterruptedException {
    long left = bound.toNanos();
    lock.lock();
    try {
      while (!shuttingDown && !(processing.isEmpty() && pending.isEmpty())) {
        if (left <= 0) {
          return false;
        }
        left = drained.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@link #shutDown()} or {@link #shutDownWithDrain()} has been called. */
  public final boolean shuttingDown() {
    lock.lock();
    try {
      return shuttingDown;
    } finally {
      lock.unlock();
    }
  }

  /** Lets a subclass stop its own machinery; called after the shutdown flag is set, unlocked. */
  void onShutDown() {}

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "]";
  }

  // Built from the fields rather than from `this`, so that the constructor does not leak `this`.
  private static <K> Supplier<InFlight> inFlight(
      Lock lock, Map<K, Instant> processing, Clock clock) {
    return () -> {
      lock.lock();
      try {
        return Elapsed.inFlight(processing.values(), clock.instant());
      } finally {
        lock.unlock();
      }
    };
  }
}
