package org.slapos.instancenode.cdn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.DesiredEntries.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.testing.ChallengeNode;
import org.slapos.instancenode.testing.FakeClock;
import org.slapos.instancenode.testing.InProcessDaemon;
import org.slapos.instancenode.testing.RecordingBangTarget;
import org.slapos.instancenode.testing.ScrapedMetrics;
import org.slapos.instancenode.testing.SqliteCli;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;
import org.slapos.instancenode.testing.tls.TestPki;
import org.slapos.instancenode.testing.tls.TestPki.KeyType;
import org.slapos.instancenode.testing.tls.TlsBackend;

/**
 * Live probes of real TLS backends on 127.0.0.1 (the JDK's HTTPS server, certificates made by
 * Bouncy Castle) through {@code run --once}: a backend the CDN would refuse (another authority,
 * another name, expired) is a warning under {@code backend-probe = warn} and {@code
 * backend-certificate-untrusted} under {@code enforce}; a stopped backend is "not probed" and
 * changes nothing; a second run within {@code backend-probe-interval} makes no connection.
 */
class BackendProbeIT {
  private static final TestPki CA = TestPki.create("backend CA");
  private static final TestPki OTHER = TestPki.create("other CA");
  private static BindServer dns;

  @TempDir Path dir;
  private final List<TlsBackend> backends = new ArrayList<>();
  private final FakeClock clock = new FakeClock(Instant.now());

  @BeforeAll
  static void startDns() {
    dns = BindServer.start(DnsZone.zone("example.com"));
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  @AfterEach
  void stopBackends() {
    backends.forEach(TlsBackend::close);
  }

  private TlsBackend backend(TestPki.Issued presented) {
    TlsBackend backend = TlsBackend.start(presented);
    backends.add(backend);
    return backend;
  }

  /** An entry with no host name to prove whose backend {@code backend} the CDN verifies. */
  private static ObjectNode verifying(String reference, TlsBackend backend) {
    ObjectNode entry = entry(reference, "unused.example.com");
    ObjectNode parameters = (ObjectNode) entry.get("parameters");
    parameters.remove("custom_domain");
    parameters.put("url", backend.url("127.0.0.1"));
    parameters.put("ssl-proxy-verify", "true");
    parameters.put("ssl_proxy_ca_crt", CA.certificatePem());
    return entry;
  }

  private ChallengeNode node(String mode) throws Exception {
    return new ChallengeNode(
        dir, dns, "backend-probe = " + mode, "backend-probe-allow-private = true");
  }

  /** Five backends: trusted, another authority, another name, expired, stopped. */
  private List<TlsBackend> fiveBackends() {
    Instant now = Instant.now();
    TlsBackend stopped = backend(CA.server(KeyType.EC, "127.0.0.1"));
    stopped.close();
    return List.of(
        backend(CA.server(KeyType.EC, "127.0.0.1")),
        backend(OTHER.server(KeyType.EC, "127.0.0.1")),
        backend(CA.server(KeyType.EC, "other.example")),
        backend(
            CA.server(
                TestPki.Spec.of(KeyType.EC, "127.0.0.1")
                    .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))))),
        stopped);
  }

  private void desireFive(ChallengeNode node, List<TlsBackend> five) throws Exception {
    node.desire(
        verifying("TRUSTED", five.get(0)),
        verifying("OTHER-CA", five.get(1)),
        verifying("OTHER-NAME", five.get(2)),
        verifying("EXPIRED", five.get(3)),
        verifying("STOPPED", five.get(4)));
  }

  private JsonNode probeOutcome(ChallengeNode node, String reference) throws Exception {
    JsonNode rows =
        SqliteCli.query(
            node.files().requestDb(),
            "SELECT outcome FROM backend_probe WHERE reference = '" + reference + "';");
    return Json.MAPPER.readTree(rows.get(0).get("outcome").asText()).get("url");
  }

  @Test
  void underWarnARefusedBackendCertificateIsAWarningNamingWhatFailedTheSubjectAndExpiry()
      throws Exception {
    ChallengeNode node = node("warn");
    List<TlsBackend> five = fiveBackends();
    desireFive(node, five);

    node.runOnce(clock);

    for (String reference : List.of("TRUSTED", "OTHER-CA", "OTHER-NAME", "EXPIRED", "STOPPED")) {
      assertEquals(InstanceRow.VALID, node.state(reference), reference);
    }
    assertEquals("{}", node.row("TRUSTED").orElseThrow().jsonError());
    assertEquals("{}", node.row("STOPPED").orElseThrow().jsonError());
    String prefix = "url " + five.get(1).url("127.0.0.1") + ": the CDN would refuse";
    String otherCa = node.jsonError("OTHER-CA").get("warnings").get(0).asText();
    assertTrue(otherCa.startsWith(prefix), otherCa);
    assertTrue(
        otherCa.contains(
            "its chain does not lead to a certificate of ssl_proxy_ca_crt (issuer CN=other CA)"
                + " (certificate CN=127.0.0.1, expires "),
        otherCa);
    assertTrue(
        node.jsonError("OTHER-NAME")
            .get("warnings")
            .get(0)
            .asText()
            .contains("it does not cover 127.0.0.1 (its names: other.example)"));
    assertTrue(
        node.jsonError("EXPIRED")
            .get("warnings")
            .get(0)
            .asText()
            .contains("the certificate expired on "));
    assertEquals("trusted", probeOutcome(node, "TRUSTED").get("result").asText());
    JsonNode stopped = probeOutcome(node, "STOPPED");
    assertEquals(
        "not probed: connection to 127.0.0.1:" + five.get(4).port() + " refused",
        stopped.get("note").asText());
    assertTrue(stopped.path("result").isMissingNode(), "nothing conclusive about it");
  }

  @Test
  void underEnforceARefusedBackendCertificateMakesTheEntryInvalidAndAStoppedOneChangesNothing()
      throws Exception {
    ChallengeNode node = node("enforce");
    desireFive(node, fiveBackends());

    node.runOnce(clock);

    assertEquals(InstanceRow.VALID, node.state("TRUSTED"));
    assertEquals(InstanceRow.VALID, node.state("STOPPED"));
    for (String reference : List.of("OTHER-CA", "OTHER-NAME", "EXPIRED")) {
      assertEquals(InstanceRow.INVALID, node.state(reference), reference);
      assertEquals(Reason.BACKEND_CERTIFICATE_UNTRUSTED, node.reason(reference), reference);
    }
  }

  @Test
  void aSecondRunWithinTheIntervalConnectsToNoBackendAndOneAfterItProbesAgain() throws Exception {
    ChallengeNode node = node("enforce");
    TlsBackend trusted = backend(CA.server(KeyType.EC, "127.0.0.1"));
    TlsBackend untrusted = backend(OTHER.server(KeyType.EC, "127.0.0.1"));
    node.desire(verifying("TRUSTED", trusted), verifying("UNTRUSTED", untrusted));

    node.runOnce(clock);
    assertEquals(1, trusted.connections());
    assertEquals(1, untrusted.connections());

    clock.advance(Duration.ofHours(5));
    node.runOnce(clock);
    assertEquals(1, trusted.connections(), "not due before backend-probe-interval (6h)");
    assertEquals(1, untrusted.connections());
    assertEquals(Reason.BACKEND_CERTIFICATE_UNTRUSTED, node.reason("UNTRUSTED"), "still read");

    clock.advance(Duration.ofHours(1));
    node.runOnce(clock);
    assertEquals(2, trusted.connections());
    assertEquals(2, untrusted.connections());
  }

  @Test
  void aBackendThatStopsAfterAConclusiveProbeKeepsItsVerdict() throws Exception {
    ChallengeNode node = node("enforce");
    TlsBackend untrusted = backend(OTHER.server(KeyType.EC, "127.0.0.1"));
    node.desire(verifying("UNTRUSTED", untrusted));
    node.runOnce(clock);
    assertEquals(InstanceRow.INVALID, node.state("UNTRUSTED"));
    String stored = node.row("UNTRUSTED").orElseThrow().jsonError();

    untrusted.close();
    clock.advance(Duration.ofHours(6));
    node.runOnce(clock);

    assertEquals(stored, node.row("UNTRUSTED").orElseThrow().jsonError(), "validity unchanged");
    JsonNode outcome = probeOutcome(node, "UNTRUSTED");
    assertEquals("untrusted", outcome.get("result").asText());
    assertTrue(
        outcome.get("note").asText().startsWith("not probed: connection to"), outcome::toString);
  }

  @Test
  void theDaemonProbesOnItsOwnScheduleAndCountsTheResults() throws Exception {
    ChallengeNode node =
        new ChallengeNode(
            dir,
            dns,
            "backend-probe = enforce",
            "backend-probe-allow-private = true",
            "resync-period = 1h",
            "metrics-address = 127.0.0.1:0");
    TlsBackend untrusted = backend(OTHER.server(KeyType.EC, "127.0.0.1"));
    node.desire(verifying("UNTRUSTED", untrusted));

    try (InProcessDaemon daemon = InProcessDaemon.start(node.config(), new RecordingBangTarget())) {
      daemon.awaitReady();
      await("the probe's verdict")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> node.state("UNTRUSTED").equals(InstanceRow.INVALID));

      assertEquals(Reason.BACKEND_CERTIFICATE_UNTRUSTED, node.reason("UNTRUSTED"));
      ScrapedMetrics scraped = daemon.scrape();
      assertEquals(1.0, scraped.value("instancenode_backend_probes_total", "result", "untrusted"));
      assertEquals(0.0, scraped.value("instancenode_backend_probes_total", "result", "trusted"));
      assertEquals(1, untrusted.connections(), "probed once within the interval");
    }
  }

  @Test
  void withoutAllowPrivateALoopbackBackendIsNeverContacted() throws Exception {
    ChallengeNode node = new ChallengeNode(dir, dns, "backend-probe = enforce");
    TlsBackend untrusted = backend(OTHER.server(KeyType.EC, "127.0.0.1"));
    node.desire(verifying("LOOPBACK", untrusted));

    node.runOnce(clock);

    assertEquals(0, untrusted.connections());
    assertEquals(InstanceRow.VALID, node.state("LOOPBACK"), "validity unchanged");
    assertTrue(
        probeOutcome(node, "LOOPBACK")
            .get("note")
            .asText()
            .startsWith("not probed: 127.0.0.1 is a private, loopback"));
  }
}
