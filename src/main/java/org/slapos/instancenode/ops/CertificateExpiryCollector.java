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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code instancenode_certificate_expiry_timestamp_seconds{reference}}: when the certificate each
 * entry serves expires, read from the request DB's certificate timings when scraped, so it is there
 * right after a restart, for every entry whose certificate the checks read. An entry's series goes
 * with its certificate. Re-read only when the request DB committed since the last read; when the
 * read fails, the last picture is served and the failure logged. Thread-safe.
 */
final class CertificateExpiryCollector implements Collector {
  static final String NAME = "instancenode_certificate_expiry_timestamp_seconds";
  private static final Logger LOG = LoggerFactory.getLogger(CertificateExpiryCollector.class);

  private final InstanceStore requestDb;
  private Map<String, Instant> picture = Map.of();
  private long readAt = -1;

  CertificateExpiryCollector(InstanceStore requestDb) {
    this.requestDb = requestDb;
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
    current()
        .forEach(
            (reference, expiry) ->
                snapshot.dataPoint(
                    GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("reference", reference))
                        .value(expiry.getEpochSecond())
                        .build()));
    return snapshot.build();
  }

  private synchronized Map<String, Instant> current() {
    long commits = requestDb.commits();
    if (commits == readAt) {
      return picture;
    }
    try {
      picture = new TreeMap<>(requestDb.certificateTimings().expiries());
      readAt = commits;
    } catch (RuntimeException e) {
      LOG.atWarn()
          .setMessage("cannot read the certificate expiries for /metrics; the last ones are shown")
          .addKeyValue("error", String.valueOf(e.getMessage()))
          .log();
    }
    return picture;
  }
}
