package org.slapos.instancenode.queue;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link WorkQueue} that can also add a key after a delay, with client-go's {@code
 * DelayingInterface} guarantees on top of the work queue's.
 *
 * <ul>
 *   <li>{@link #addAfter(Object, Duration) addAfter(key, delay)} adds the key (with {@link
 *       Priority#NORMAL}) once the queue's clock reaches now + delay; a zero or negative delay adds
 *       it at once.
 *   <li>A key waits at most once: adding a key that is already waiting keeps the <b>earlier</b> of
 *       the two ready times.
 *   <li>Keys whose ready times have come are added in ready-time order (ties in call order).
 *   <li>Waiting is independent of pending and processing: a key can wait while it is pending or
 *       processing, and is then added by the usual rules of {@link WorkQueue#add(Object)}.
 *   <li>Shutting down drops every waiting key; later delayed adds are ignored.
 * </ul>
 *
 * <p>One daemon thread per queue, started on the first delayed add, sleeps until the earliest ready
 * time, until an earlier key arrives, or at most 10 s (so that a wall-clock jump delays nothing for
 * long). Every delayed add counts as a retry in the {@link QueueMetrics}.
 *
 * <p><b>Thread-safety:</b> every method is thread-safe.
 *
 * @param <K> the key type
 */
public class DelayingQueue<K> extends WorkQueue<K> {
  // Insurance against a wall-clock jump: re-read the clock at least this often while keys wait.
  private static final Duration MAX_WAIT = Duration.ofSeconds(10);

  /** A key waiting for its time; {@code sequence} orders keys that are ready at the same time. */
  private record Waiting<K>(K key, Instant readyAt, long sequence) {}

  private final ReentrantLock timerLock = new ReentrantLock();
  private final Condition timerChanged = timerLock.newCondition();
  private final TreeSet<Waiting<K>> waiting =
      new TreeSet<>(
          Comparator.comparing((Waiting<K> w) -> w.readyAt()).thenComparingLong(Waiting::sequence));
  private final Map<K, Waiting<K>> waitingByKey = new HashMap<>();
  private long sequence;
  private Thread timer;
  private boolean stopped;

  /** A queue on the system clock that reports no metrics. */
  public DelayingQueue(String name) {
    this(name, Clock.systemUTC(), QueueMetricsProvider.NONE);
  }

  /** See {@link WorkQueue#WorkQueue(String, Clock, QueueMetricsProvider)}. */
  public DelayingQueue(String name, Clock clock, QueueMetricsProvider metrics) {
    super(name, clock, metrics);
  }

  /**
   * Adds {@code key} once {@code delay} has passed by the queue's clock, or now if the delay is
   * zero or negative. If the key is already waiting, the earlier ready time wins. Ignored once the
   * queue is shutting down.
   */
  public final void addAfter(K key, Duration delay) {
    requireNonNull(key, "key");
    requireNonNull(delay, "delay");
    if (shuttingDown()) {
      return;
    }
    metrics.retried();
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    timerLock.lock();
    try {
      if (stopped) {
        return;
      }
      Instant readyAt = clock.instant().plus(delay);
      Waiting<K> already = waitingByKey.get(key);
      if (already != null) {
        if (!readyAt.isBefore(already.readyAt())) {
          return;
        }
        waiting.remove(already);
      }
      Waiting<K> entry = new Waiting<>(key, readyAt, sequence++);
      waiting.add(entry);
      waitingByKey.put(key, entry);
      if (waiting.first() == entry) {
        startTimerIfNeeded();
        timerChanged.signal();
      }
    } finally {
      timerLock.unlock();
    }
  }

  /**
   * Adds, now and in the calling thread, every waiting key whose ready time has come by the queue's
   * clock. The queue's own thread does this on time: production code never needs to call it. A
   * clock that moves by steps (a test clock) calls it after each step, so that tests see the due
   * keys added at once without waiting for another thread.
   */
  public final void releaseDue() {
    timerLock.lock();
    try {
      releaseDueLocked(clock.instant());
    } finally {
      timerLock.unlock();
    }
  }

  /** How many keys are waiting for their ready time; for information only. */
  public final int waitingLen() {
    timerLock.lock();
    try {
      return waiting.size();
    } finally {
      timerLock.unlock();
    }
  }

  @Override
  final void onShutDown() {
    timerLock.lock();
    try {
      stopped = true;
      waiting.clear();
      waitingByKey.clear();
      timerChanged.signalAll();
    } finally {
      timerLock.unlock();
    }
  }

  private void releaseDueLocked(Instant now) {
    while (!waiting.isEmpty() && !waiting.first().readyAt().isAfter(now)) {
      Waiting<K> due = waiting.pollFirst();
      waitingByKey.remove(due.key());
      add(due.key());
    }
  }

  private void startTimerIfNeeded() {
    if (timer == null) {
      timer =
          Thread.ofPlatform().daemon().name("queue-" + name() + "-delays").start(this::runTimer);
    }
  }

  private void runTimer() {
    timerLock.lock();
    try {
      while (!stopped) {
        Instant now = clock.instant();
        releaseDueLocked(now);
        try {
          if (waiting.isEmpty()) {
            timerChanged.await();
          } else {
            Duration untilNext = Duration.between(now, waiting.first().readyAt());
            timerChanged.awaitNanos(
                (untilNext.compareTo(MAX_WAIT) < 0 ? untilNext : MAX_WAIT).toNanos());
          }
        } catch (InterruptedException e) {
          // Nobody else holds this private thread; only `stopped` ends it, so keys never get stuck.
        }
      }
    } finally {
      timerLock.unlock();
    }
  }
}
