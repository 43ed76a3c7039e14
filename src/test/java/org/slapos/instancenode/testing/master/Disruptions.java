package org.slapos.instancenode.testing.master;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * What a fake master does before answering one call: waits out the injected delay, hangs while a
 * hang is injected (until faults are cleared or the master closes), then takes the fault that
 * applies, if any. Shared by the fake JSON-RPC and SLAP masters, which render the fault each in its
 * protocol. Thread-safe.
 */
public final class Disruptions {
  private final Faults faults;
  private final Release release;

  public Disruptions(Faults faults, Release release) {
    this.faults = faults;
    this.release = release;
  }

  /**
   * The fault to apply to this call of {@code method}: empty to answer normally, {@link
   * Fault.Kind#RESET} when the master closed meanwhile (close the connection unanswered). A hang
   * released by clearing faults is answered normally.
   */
  public Optional<Fault> before(String method) {
    waitOutDelay(method);
    Optional<Fault> fault = faults.take(method);
    if (fault.isPresent() && fault.get().kind() == Fault.Kind.HANG) {
      waitOutHang(method);
      fault = Optional.empty();
    }
    return release.closed() ? Optional.of(Fault.of(Fault.Kind.RESET)) : fault;
  }

  private void waitOutDelay(String method) {
    long deadline = System.nanoTime() + faults.delay(method).toNanos();
    while (true) {
      CountDownLatch next = release.next();
      long left = deadline - System.nanoTime();
      if (release.closed() || faults.delay(method).isZero() || left <= 0) {
        return;
      }
      Release.await(next, Duration.ofNanos(left));
    }
  }

  private void waitOutHang(String method) {
    while (true) {
      CountDownLatch next = release.next();
      if (release.closed() || !faults.hangs(method)) {
        return;
      }
      Release.await(next);
    }
  }
}
