package org.slapos.instancenode.engine;

import java.time.Duration;

/**
 * What the daemon's loop waits for between passes: the next pass's time, a SIGHUP (a full pass
 * now), a bang newly owed (flush it now) or a stop request. Signal handlers and workers only call
 * {@link #hangup()}, {@link #bangOwed()} or {@link #stop()}, which return at once. Thread-safe.
 */
final class Wakeup {
  enum Reason {
    TIMEOUT,
    HANGUP,
    BANG_OWED,
    STOP
  }

  private boolean hangup;
  private boolean bangOwed;
  private boolean stop;

  synchronized void hangup() {
    hangup = true;
    notifyAll();
  }

  synchronized void bangOwed() {
    bangOwed = true;
    notifyAll();
  }

  synchronized void stop() {
    stop = true;
    notifyAll();
  }

  synchronized boolean stopping() {
    return stop;
  }

  /**
   * Waits up to {@code timeout}; a pending hangup or owed bang is consumed by the call that reports
   * it. Stop wins over hangup, which wins over an owed bang.
   */
  synchronized Reason await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!stop && !hangup && !bangOwed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Reason.TIMEOUT;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    if (stop) {
      return Reason.STOP;
    }
    if (hangup) {
      hangup = false;
      return Reason.HANGUP;
    }
    bangOwed = false;
    return Reason.BANG_OWED;
  }
}
