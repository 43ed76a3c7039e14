package org.slapos.instancenode.engine;

import java.time.Duration;

/**
 * What the daemon's loop waits for between passes: the next pass's time, a SIGHUP (a full pass now)
 * or a stop request. Signal handlers only call {@link #hangup()} or {@link #stop()}, which return
 * at once. Thread-safe.
 */
final class Wakeup {
  enum Reason {
    TIMEOUT,
    HANGUP,
    STOP
  }

  private boolean hangup;
  private boolean stop;

  synchronized void hangup() {
    hangup = true;
    notifyAll();
  }

  synchronized void stop() {
    stop = true;
    notifyAll();
  }

  synchronized boolean stopping() {
    return stop;
  }

  /** Waits up to {@code timeout}; a pending hangup is consumed by the call that reports it. */
  synchronized Reason await(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!stop && !hangup) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Reason.TIMEOUT;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    if (stop) {
      return Reason.STOP;
    }
    hangup = false;
    return Reason.HANGUP;
  }
}
