package org.slapos.instancenode.testing.master;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the calls that wait on a delay or a hang: when faults are cleared, and for good when the
 * master closes. Thread-safe.
 */
public final class Release {
  private CountDownLatch latch = new CountDownLatch(1);
  private boolean closed;

  /**
   * The latch the next release opens. Read it before checking whether to wait, so a release in
   * between is not missed.
   */
  public synchronized CountDownLatch next() {
    return latch;
  }

  public synchronized void releaseWaiting() {
    latch.countDown();
    if (!closed) {
      latch = new CountDownLatch(1);
    }
  }

  public synchronized void close() {
    closed = true;
    latch.countDown();
  }

  public synchronized boolean closed() {
    return closed;
  }

  /** Waits up to {@code max} or until released. */
  public static void await(CountDownLatch latch, Duration max) {
    try {
      latch.await(max.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
