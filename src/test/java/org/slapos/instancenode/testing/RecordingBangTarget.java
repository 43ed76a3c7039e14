package org.slapos.instancenode.testing;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slapos.instancenode.engine.BangTarget;

/**
 * A {@link BangTarget} that records the bangs it accepts, fails the attempts it is told to, and can
 * run an action during a bang (to change state while one is in flight). Thread-safe.
 */
public final class RecordingBangTarget implements BangTarget {
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final Queue<Exception> failures = new ConcurrentLinkedQueue<>();
  private final Queue<Runnable> during = new ConcurrentLinkedQueue<>();
  private final AtomicInteger attempts = new AtomicInteger();

  /** The next attempt not yet told to fail throws {@code failure}. */
  public void failNext(Exception failure) {
    failures.add(failure);
  }

  /** The next attempt runs {@code action} first, as if it happened while the bang was in flight. */
  public void duringNext(Runnable action) {
    during.add(action);
  }

  @Override
  public void bang(String message) throws Exception {
    attempts.incrementAndGet();
    Runnable action = during.poll();
    if (action != null) {
      action.run();
    }
    Exception failure = failures.poll();
    if (failure != null) {
      throw failure;
    }
    sent.add(message);
  }

  /** The messages of the bangs accepted, in order. */
  public List<String> sent() {
    return List.copyOf(sent);
  }

  /** How many bangs were attempted, failed ones included. */
  public int attempts() {
    return attempts.get();
  }
}
