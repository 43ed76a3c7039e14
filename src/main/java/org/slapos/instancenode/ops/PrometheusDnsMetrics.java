package org.slapos.instancenode.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import org.slapos.instancenode.dns.DnsMetrics;

/**
 * {@code instancenode_dns_lookups_total{result}} and {@code
 * instancenode_dns_lookup_duration_seconds{result}}, every result's series at zero from the start.
 */
final class PrometheusDnsMetrics implements DnsMetrics {
  private static final List<String> RESULTS =
      List.of(DnsMetrics.FOUND, DnsMetrics.ABSENT, DnsMetrics.TRANSIENT);
  private static final double[] LATENCY_BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

  private final Counter lookups;
  private final Histogram latency;

  PrometheusDnsMetrics(PrometheusRegistry registry) {
    lookups =
        Counter.builder()
            .name("instancenode_dns_lookups_total")
            .help("DNS TXT lookups of domain challenges, by result")
            .labelNames("result")
            .register(registry);
    latency =
        Histogram.builder()
            .name("instancenode_dns_lookup_duration_seconds")
            .help("Time a DNS TXT lookup of a domain challenge took, by result")
            .labelNames("result")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .register(registry);
    for (String result : RESULTS) {
      lookups.initLabelValues(result);
      latency.initLabelValues(result);
    }
  }

  @Override
  public void lookup(String result, Duration took) {
    lookups.labelValues(result).inc();
    latency.labelValues(result).observe(took.toNanos() / 1e9);
  }
}
