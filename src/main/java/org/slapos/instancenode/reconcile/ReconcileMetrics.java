package org.slapos.instancenode.reconcile;

import java.time.Duration;

/**
 * What the worker loop reports, mapped by an adapter to controller-runtime's metric names ({@code
 * controller_runtime_reconcile_total{controller,result}}, {@code
 * controller_runtime_reconcile_errors_total}, {@code controller_runtime_reconcile_panics_total},
 * {@code controller_runtime_reconcile_time_seconds}, {@code controller_runtime_active_workers},
 * {@code controller_runtime_max_concurrent_reconciles}). Called from worker threads:
 * implementations must be thread-safe and quick.
 */
public interface ReconcileMetrics {

  /** How one reconcile ended, as controller-runtime's {@code result} label spells it. */
  enum Outcome {
    SUCCESS("success"),
    REQUEUE_AFTER("requeue_after"),
    ERROR("error"),
    TERMINAL("terminal");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  ReconcileMetrics NONE = new ReconcileMetrics() {};

  /** The loop starts with {@code workers} workers (the maximum of concurrent reconciles). */
  default void started(int workers) {}

  /** The number of workers busy in a reconcile changed. */
  default void activeWorkers(int active) {}

  /**
   * A reconcile threw an {@link Error} and its worker was replaced: controller-runtime's panic. The
   * reconcile is also reported to {@link #reconciled} with {@link Outcome#ERROR}.
   */
  default void panicked() {}

  /** One reconcile finished after {@code took}. */
  default void reconciled(Outcome outcome, Duration took) {}
}
