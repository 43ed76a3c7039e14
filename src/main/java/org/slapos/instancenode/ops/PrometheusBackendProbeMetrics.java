package org.slapos.instancenode.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slapos.instancenode.cdn.BackendProbeRunner;
import org.slapos.instancenode.tls.BackendProbe;

/**
 * {@code instancenode_backend_probes_total{result}}, every result's series at zero from the start.
 */
final class PrometheusBackendProbeMetrics implements BackendProbeRunner.Metrics {
  private final Counter probes;

  PrometheusBackendProbeMetrics(PrometheusRegistry registry) {
    probes =
        Counter.builder()
            .name("instancenode_backend_probes_total")
            .help("Live TLS probes of entries' backends, by result")
            .labelNames("result")
            .register(registry);
    for (BackendProbe.Result result : BackendProbe.Result.values()) {
      probes.initLabelValues(result.label());
    }
  }

  @Override
  public void probed(BackendProbe.Result result) {
    probes.labelValues(result.label()).inc();
  }
}
