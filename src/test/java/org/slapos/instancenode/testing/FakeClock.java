package org.slapos.instancenode.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it with {@link #advance(Duration)}, and tells the
 * listeners registered with {@link #onAdvance(Runnable)} (for example {@code
 * DelayingQueue::releaseDue}) after each step, in the test's thread. Thread-safe; clocks made by
 * {@link #withZone(ZoneId)} share its time and listeners.
 */
public final class FakeClock extends Clock {
  /** Where every fake clock starts unless told otherwise. */
  public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final List<Runnable> listeners;
  private final ZoneId zone;

  public FakeClock() {
    this(START);
  }

  public FakeClock(Instant start) {
    this(new AtomicReference<>(start), new CopyOnWriteArrayList<>(), ZoneOffset.UTC);
  }

  private FakeClock(AtomicReference<Instant> now, List<Runnable> listeners, ZoneId zone) {
    this.now = now;
    this.listeners = listeners;
    this.zone = zone;
  }

  /** Moves the time by {@code step} (backwards if negative), then runs every listener. */
  public void advance(Duration step) {
    now.updateAndGet(instant -> instant.plus(step));
    listeners.forEach(Runnable::run);
  }

  /** Runs {@code listener} after every later {@link #advance(Duration)}. */
  public void onAdvance(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new FakeClock(now, listeners, zone);
  }
}
