package org.slapos.instancenode.cdn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.DesiredEntries.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.testing.ChallengeNode;
import org.slapos.instancenode.testing.FakeClock;
import org.slapos.instancenode.testing.InProcessDaemon;
import org.slapos.instancenode.testing.RecordingBangTarget;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;
import org.slapos.instancenode.testing.tls.TestPki;

/**
 * An entry whose certificate will expire turns {@code certificate-expired} at that moment with no
 * parameter change: cron runs ({@code run --once}) at a test clock's times follow the re-check
 * moments the request DB keeps, and a daemon started after a cron run re-checks it when it expires,
 * showing its expiry on {@code /metrics} meanwhile.
 */
class CertificateExpiryIT {
  private static BindServer dns;

  @TempDir Path dir;

  @BeforeAll
  static void startDns() {
    dns = BindServer.start(DnsZone.zone("example.com"));
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  /** An entry with no host name to prove, serving a certificate valid until {@code until}. */
  private static ObjectNode servingUntil(Instant from, Instant until) {
    TestPki.Issued issued =
        TestPki.create("expiry CA")
            .server(TestPki.Spec.of(TestPki.KeyType.EC, "cert.example.com").validity(from, until));
    ObjectNode entry = entry("A", "unused.example.com");
    ObjectNode parameters = (ObjectNode) entry.get("parameters");
    parameters.remove("custom_domain");
    parameters.put("ssl_crt", issued.certificatePem());
    parameters.put("ssl_key", issued.keyPem(TestPki.KeyFormat.PKCS8));
    return entry;
  }

  @Test
  void cronRunsTurnTheEntryWarnedThenExpiredAtItsMomentsWithNoParameterChange() throws Exception {
    FakeClock clock = new FakeClock();
    ChallengeNode node = new ChallengeNode(dir, dns, "cert-expiry-warning = 30d");
    node.desire(
        servingUntil(
            FakeClock.START.minus(Duration.ofDays(1)), FakeClock.START.plus(Duration.ofDays(40))));

    node.runOnce(clock);
    assertEquals(InstanceRow.VALID, node.state("A"));
    assertEquals("{}", node.row("A").orElseThrow().jsonError());

    clock.advance(Duration.ofDays(5));
    node.runOnce(clock);
    assertEquals("{}", node.row("A").orElseThrow().jsonError(), "day 5: nothing due");

    clock.advance(Duration.ofDays(5));
    node.runOnce(clock);
    assertEquals(InstanceRow.VALID, node.state("A"));
    assertTrue(
        node.jsonError("A").get("warnings").get(0).asText().startsWith("ssl_crt expires on "),
        "day 10: within cert-expiry-warning");

    clock.advance(Duration.ofDays(30));
    node.runOnce(clock);
    assertEquals(InstanceRow.INVALID, node.state("A"));
    assertEquals(Reason.CERTIFICATE_EXPIRED, node.reason("A"));
  }

  @Test
  void aDaemonStartedAfterACronRunReChecksTheEntryWhenItsCertificateExpires() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant until = now.plusSeconds(6);
    ChallengeNode node =
        new ChallengeNode(
            dir,
            dns,
            "cert-expiry-warning = 0s",
            "resync-period = 1h",
            "metrics-address = 127.0.0.1:0");
    node.desire(servingUntil(now.minus(Duration.ofDays(1)), until));
    node.runOnce(java.time.Clock.systemUTC());
    assertEquals(InstanceRow.VALID, node.state("A"));

    try (InProcessDaemon daemon = InProcessDaemon.start(node.config(), new RecordingBangTarget())) {
      daemon.awaitReady();
      assertEquals(
          until.getEpochSecond(),
          daemon
              .scrape()
              .value("instancenode_certificate_expiry_timestamp_seconds", "reference", "A"));
      assertEquals(InstanceRow.VALID, node.state("A"), "not re-checked before it expires");
      await("the expired verdict")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> node.state("A").equals(InstanceRow.INVALID));
    }
    assertTrue(Instant.now().isAfter(until));
    assertEquals(Reason.CERTIFICATE_EXPIRED, node.reason("A"));
  }
}
