package org.slapos.instancenode.ops;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.slapos.instancenode.store.InstanceStore;

/**
 * {@code instancenode_certificate_expiry_timestamp_seconds{reference}}: when the certificate each
 * entry serves expires, read from the request DB's certificate timings when scraped, so it is there
 * right after a restart, for every entry whose certificate the checks read. An entry's series goes
 * with its certificate. Read as {@link RequestDbPicture} says. Thread-safe.
 */
final class CertificateExpiryCollector implements Collector {
  static final String NAME = "instancenode_certificate_expiry_timestamp_seconds";

  private final RequestDbPicture<Map<String, Instant>> expiries;

  CertificateExpiryCollector(InstanceStore requestDb) {
    this.expiries =
        new RequestDbPicture<>(
            requestDb,
            NAME,
            Map.of(),
            (db, last) -> new TreeMap<>(db.certificateTimings().expiries()));
  }

  @Override
  public String getPrometheusName() {
    return NAME;
  }

  @Override
  public MetricSnapshot collect() {
    GaugeSnapshot.Builder snapshot =
        GaugeSnapshot.builder()
            .name(NAME)
            .help("When the certificate (ssl_crt) each entry serves expires, in Unix seconds");
    expiries
        .current()
        .forEach(
            (reference, expiry) ->
                snapshot.dataPoint(
                    GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("reference", reference))
                        .value(expiry.getEpochSecond())
                        .build()));
    return snapshot.build();
  }
}
