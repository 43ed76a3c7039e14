package org.slapos.instancenode.ops;

import java.util.Objects;

/**
 * What {@link OpsServer} answers on {@code /healthz} (the process works: restart it when not) and
 * {@code /readyz} (it can be relied on: first pass done, stores writable). Implementations must be
 * thread-safe and quick: they are called on each request.
 */
public interface Health {
  boolean alive();

  /** One line on liveness, shown with a 503 when not {@link #alive()}. */
  String aliveDetail();

  boolean ready();

  /** One line on readiness, shown with a 503 when not {@link #ready()}. */
  String readyDetail();

  /**
   * Liveness and readiness from two probes, for example a {@link LoopHeartbeat} and {@link
   * Readiness}.
   */
  static Health of(Probe liveness, Probe readiness) {
    Objects.requireNonNull(liveness, "liveness");
    Objects.requireNonNull(readiness, "readiness");
    return new Health() {
      @Override
      public boolean alive() {
        return liveness.ok();
      }

      @Override
      public String aliveDetail() {
        return liveness.detail();
      }

      @Override
      public boolean ready() {
        return readiness.ok();
      }

      @Override
      public String readyDetail() {
        return readiness.detail();
      }
    };
  }
}
