package org.slapos.instancenode.ops;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.slapos.instancenode.reconcile.ReconcileMetrics;

/**
 * The {@code controller_runtime_*} family under controller-runtime's names and semantics: a
 * terminal failure counts as an {@code error} result and as an error, and also in {@code
 * controller_runtime_terminal_reconcile_errors_total}; a worker dying of an {@link Error} is a
 * panic ({@code controller_runtime_reconcile_panics_total}) and an error. Every series of the
 * controller is created at zero.
 */
final class PrometheusReconcileMetrics implements ReconcileMetrics {
  private static final String CONTROLLER = "controller";
  private static final String ERROR = Outcome.ERROR.label();
  // controller-runtime's results; "requeue" (immediate, rate-limited) is never reported by our loop
  // but its series exists so dashboards written for controller-runtime work unchanged.
  private static final String[] RESULTS = {
    Outcome.SUCCESS.label(), ERROR, "requeue", Outcome.REQUEUE_AFTER.label()
  };
  // controller-runtime's ReconcileTime buckets.
  private static final double[] RECONCILE_TIME_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9,
    1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50,
    60
  };

  private final String controller;
  private final Map<Outcome, CounterDataPoint> total = new EnumMap<>(Outcome.class);
  private final CounterDataPoint errors;
  private final CounterDataPoint terminalErrors;
  private final CounterDataPoint panics;
  private final DistributionDataPoint time;
  private final GaugeDataPoint activeWorkers;
  private final GaugeDataPoint maxConcurrent;

  PrometheusReconcileMetrics(String controller, PrometheusRegistry registry) {
    this.controller = controller;
    Counter reconcileTotal =
        Counter.builder()
            .name("controller_runtime_reconcile_total")
            .help("Total number of reconciliations per controller")
            .labelNames(CONTROLLER, "result")
            .register(registry);
    for (String result : RESULTS) {
      reconcileTotal.initLabelValues(controller, result);
    }
    for (Outcome outcome : Outcome.values()) {
      String result = outcome == Outcome.TERMINAL ? ERROR : outcome.label();
      total.put(outcome, reconcileTotal.labelValues(controller, result));
    }
    errors =
        counter(
            "controller_runtime_reconcile_errors_total",
            "Total number of reconciliation errors per controller",
            registry);
    terminalErrors =
        counter(
            "controller_runtime_terminal_reconcile_errors_total",
            "Total number of terminal reconciliation errors per controller",
            registry);
    panics =
        counter(
            "controller_runtime_reconcile_panics_total",
            "Total number of reconciliation panics per controller",
            registry);
    time =
        Histogram.builder()
            .name("controller_runtime_reconcile_time_seconds")
            .help("Length of time per reconciliation per controller")
            .labelNames(CONTROLLER)
            .classicOnly()
            .classicUpperBounds(RECONCILE_TIME_BUCKETS)
            .register(registry)
            .labelValues(controller);
    activeWorkers =
        gauge(
            "controller_runtime_active_workers",
            "Number of currently used workers per controller",
            registry);
    maxConcurrent =
        gauge(
            "controller_runtime_max_concurrent_reconciles",
            "Maximum number of concurrent reconciles per controller",
            registry);
  }

  @Override
  public void started(int workers) {
    maxConcurrent.set(workers);
  }

  @Override
  public void activeWorkers(int active) {
    activeWorkers.set(active);
  }

  @Override
  public void panicked() {
    panics.inc();
  }

  @Override
  public void reconciled(Outcome outcome, Duration took) {
    total.get(outcome).inc();
    if (outcome == Outcome.ERROR || outcome == Outcome.TERMINAL) {
      errors.inc();
    }
    if (outcome == Outcome.TERMINAL) {
      terminalErrors.inc();
    }
    time.observe(Seconds.of(took));
  }

  private CounterDataPoint counter(String name, String help, PrometheusRegistry registry) {
    return Counter.builder()
        .name(name)
        .help(help)
        .labelNames(CONTROLLER)
        .register(registry)
        .labelValues(controller);
  }

  private GaugeDataPoint gauge(String name, String help, PrometheusRegistry registry) {
    return Gauge.builder()
        .name(name)
        .help(help)
        .labelNames(CONTROLLER)
        .register(registry)
        .labelValues(controller);
  }
}
