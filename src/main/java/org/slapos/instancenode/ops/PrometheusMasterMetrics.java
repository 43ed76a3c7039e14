package org.slapos.instancenode.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.stream.Stream;
import org.slapos.instancenode.master.MasterClient;
import org.slapos.instancenode.master.MasterMetrics;
import org.slapos.instancenode.master.SlapClient;

/**
 * The {@code instancenode_master_*} family: requests by method and outcome, their latency, retries,
 * and the circuit breaker's state (0 closed, 1 half-open, 2 open). Every series of the six methods
 * is created at zero.
 */
final class PrometheusMasterMetrics implements MasterMetrics {
  private static final String METHOD = "method";

  private final Counter requests;
  private final Histogram duration;
  private final Counter retries;
  private final Gauge circuit;

  PrometheusMasterMetrics(PrometheusRegistry registry) {
    requests =
        Counter.builder()
            .name("instancenode_master_requests_total")
            .help(
                "Attempts of master calls by method and outcome (circuit-open and rate-limited"
                    + " ones were not sent)")
            .labelNames(METHOD, "outcome")
            .register(registry);
    duration =
        Histogram.builder()
            .name("instancenode_master_request_duration_seconds")
            .help("Latency of master requests that were sent, by method")
            .labelNames(METHOD)
            .classicOnly()
            .register(registry);
    retries =
        Counter.builder()
            .name("instancenode_master_retries_total")
            .help("Master call attempts made again after a retriable failure, by method")
            .labelNames(METHOD)
            .register(registry);
    circuit =
        Gauge.builder()
            .name("instancenode_master_circuit_state")
            .help("State of the master circuit breaker: 0 closed, 1 half-open, 2 open")
            .register(registry);
    // Both protocols' calls: which one runs depends on the configuration, not on this registry.
    for (String method :
        Stream.concat(MasterClient.METHODS.stream(), SlapClient.METHODS.stream()).toList()) {
      for (Outcome outcome : Outcome.values()) {
        requests.initLabelValues(method, outcome.label());
      }
      duration.initLabelValues(method);
      retries.initLabelValues(method);
    }
  }

  @Override
  public void call(String method, Outcome outcome, Duration latency) {
    requests.labelValues(method, outcome.label()).inc();
    if (outcome.sent()) {
      duration.labelValues(method).observe(Seconds.of(latency));
    }
  }

  @Override
  public void circuitState(Circuit state) {
    circuit.set(state.ordinal());
  }

  @Override
  public void retry(String method) {
    retries.labelValues(method).inc();
  }
}
