package org.slapos.instancenode.ops;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import org.slapos.instancenode.engine.PassMetrics;

/**
 * The {@code instancenode_*} metrics of passes and bangs. Every known series starts at zero: both
 * results of passes, every result of bangs.
 */
final class PrometheusPassMetrics implements PassMetrics {

  private static final double[] PASS_DURATION_BUCKETS = {
    0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600
  };

  private final DistributionDataPoint passDuration;
  private final CounterDataPoint passesSucceeded;
  private final CounterDataPoint passesFailed;
  private final GaugeDataPoint lastSuccess;
  private final CounterDataPoint bangsSent;
  private final CounterDataPoint bangsFailed;
  private final CounterDataPoint bangsLogged;
  private final GaugeDataPoint challengesWaiting;

  PrometheusPassMetrics(PrometheusRegistry registry) {
    passDuration =
        Histogram.builder()
            .name("instancenode_pass_duration_seconds")
            .help("How long a pass took to list, diff and queue the entries")
            .classicOnly()
            .classicUpperBounds(PASS_DURATION_BUCKETS)
            .register(registry);
    Counter passes =
        Counter.builder()
            .name("instancenode_passes_total")
            .help("Passes by result")
            .labelNames("result")
            .register(registry);
    passesSucceeded = passes.labelValues("success");
    passesFailed = passes.labelValues("failure");
    lastSuccess =
        Gauge.builder()
            .name("instancenode_last_successful_pass_timestamp_seconds")
            .help("When the last successful pass ended, in Unix seconds; 0 before the first")
            .register(registry);
    Counter bangs =
        Counter.builder()
            .name("instancenode_bangs_total")
            .help("Bangs of the host instance by result")
            .labelNames("result")
            .register(registry);
    bangsSent = bangs.labelValues("sent");
    bangsFailed = bangs.labelValues("failed");
    bangsLogged = bangs.labelValues("logged");
    challengesWaiting =
        Gauge.builder()
            .name("instancenode_challenges_waiting")
            .help("Pending DNS challenges not due for their next lookup yet, as of the last pass")
            .register(registry);
  }

  @Override
  public void challengesWaiting(int waiting) {
    challengesWaiting.set(waiting);
  }

  @Override
  public void passFinished(Duration took, boolean succeeded, Instant at) {
    passDuration.observe(Seconds.of(took));
    if (succeeded) {
      passesSucceeded.inc();
      lastSuccess.set(Seconds.sinceEpoch(at));
    } else {
      passesFailed.inc();
    }
  }

  @Override
  public void bang(boolean sent) {
    (sent ? bangsSent : bangsFailed).inc();
  }

  @Override
  public void bangLogged() {
    bangsLogged.inc();
  }
}
