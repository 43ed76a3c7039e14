package org.slapos.instancenode.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.testing.DesiredEntries;
import org.slapos.instancenode.testing.InProcessDaemon;
import org.slapos.instancenode.testing.MonitoringFiles;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.PromQlNames;
import org.slapos.instancenode.testing.RecordingBangTarget;
import org.slapos.instancenode.testing.ScrapedMetrics;
import org.slapos.instancenode.testing.tls.TestPki;
import org.slapos.instancenode.testing.tls.TestPki.KeyFormat;
import org.slapos.instancenode.testing.tls.TestPki.KeyType;

/**
 * Every metric that {@code deploy/prometheus/alerts.yml} or the Grafana dashboard names is exported
 * by a running daemon: the daemon is started on a real configuration (a file source validated
 * against the Rapid.CDN schema, real SQLite stores, a loopback DNS server), among its entries one
 * serving a certificate, and its {@code /metrics} is scraped once the first pass is done. {@code
 * up} is not asked of the daemon: Prometheus makes it for every scrape target.
 */
class MonitoringCoverageIT {
  private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");
  private static final TestPki PKI = TestPki.create("coverage CA");

  @TempDir Path dir;

  private InProcessDaemon start(Path entries) throws Exception {
    NodeDir node = new NodeDir(dir);
    node.writeFileSourceConfig(entries, "resync-period = 1h", "metrics-address = 127.0.0.1:0");
    return InProcessDaemon.start(NodeConfig.load(node.config()), new RecordingBangTarget());
  }

  @Test
  void everyMetricTheAlertsAndTheDashboardNameIsExported() throws Exception {
    TestPki.Issued server =
        PKI.server(
            TestPki.Spec.of(KeyType.EC, "secure.example.com")
                .validity(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(90))));
    ObjectNode withCertificate = DesiredEntries.entry("SHARED-CERT", "secure.example.com");
    ((ObjectNode) withCertificate.get("parameters"))
        .put("ssl_crt", server.certificatePem())
        .put("ssl_key", server.keyPem(KeyFormat.TRADITIONAL));
    Path entries = dir.resolve("entries.json");
    DesiredEntries.write(
        entries, DesiredEntries.entry("SHARED-PLAIN", "plain.example.com"), withCertificate);
    Map<String, Set<String>> wanted = new TreeMap<>();
    MonitoringFiles.alertExpressions()
        .forEach((alert, expression) -> need(wanted, expression, "alert " + alert));
    MonitoringFiles.dashboardExpressions()
        .forEach(expression -> need(wanted, expression, "dashboard: " + expression));
    assertTrue(wanted.size() > 20, wanted::toString);

    try (InProcessDaemon daemon = start(entries)) {
      daemon.awaitReady();
      ScrapedMetrics scraped = awaitCertificateShown(daemon);
      Set<String> missing = new TreeSet<>(wanted.keySet());
      missing.removeAll(scraped.names());
      missing.removeAll(MADE_BY_PROMETHEUS);

      Map<String, Set<String>> whereMissing = new TreeMap<>(wanted);
      whereMissing.keySet().retainAll(missing);
      assertEquals(Map.of(), whereMissing, "named by the alerts or the dashboard, not exported");
    }
  }

  @Test
  void readinessSaysWhyTheLastPassFailed() throws Exception {
    try (InProcessDaemon daemon = start(dir.resolve("no-such-entries.json"))) {
      HttpResponse<String> ready =
          await("a failed pass")
              .atMost(Duration.ofSeconds(30))
              .until(() -> daemon.get("/readyz"), r -> r.body().startsWith("the last pass failed"));

      assertEquals(503, ready.statusCode());
      assertTrue(ready.body().contains("no-such-entries.json"), ready.body());
      assertEquals(200, daemon.get("/healthz").statusCode(), "a failing pass is not death");
    }
  }

  private static ScrapedMetrics awaitCertificateShown(InProcessDaemon daemon) {
    return await("the certificate's expiry on /metrics")
        .atMost(Duration.ofSeconds(30))
        .until(
            daemon::scrape,
            s ->
                s.has(
                    "instancenode_certificate_expiry_timestamp_seconds",
                    "reference",
                    "SHARED-CERT"));
  }

  private static void need(Map<String, Set<String>> wanted, String expression, String where) {
    PromQlNames.of(expression)
        .forEach(name -> wanted.computeIfAbsent(name, n -> new TreeSet<>()).add(where));
  }
}
