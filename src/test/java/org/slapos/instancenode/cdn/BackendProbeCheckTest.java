package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slapos.instancenode.store.BackendProbes;
import org.slapos.instancenode.tls.BackendProbe;

/** The probe decision: what a stored probe outcome makes of an entry, and which backends count. */
class BackendProbeCheckTest {
  private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");
  private static final String URL = "https://backend.example.net:8443/";

  private static final BackendProbe UNTRUSTED =
      new BackendProbe(
          BackendProbe.Result.UNTRUSTED,
          List.of("it does not cover backend.example.net (its names: other.example)"),
          Optional.of("CN=other.example"),
          Optional.of(EXPIRES));
  private static final BackendProbe REFUSED =
      BackendProbe.notProbed(
          BackendProbe.Result.UNREACHABLE, "connection to backend.example.net:8443 refused");

  private static EntrySnapshot verifying(String verify) {
    return Snapshots.entry("url", URL, "ssl-proxy-verify", verify);
  }

  /** {@code entry} as if the last probe of its backends had seen {@code probes}, in order. */
  private static EntrySnapshot probed(EntrySnapshot entry, BackendProbe... probes) {
    List<BackendTargets.Target> targets = BackendTargets.of(entry.parameters());
    BackendProbeOutcome outcome = BackendProbeOutcome.empty();
    for (BackendProbe probe : probes) {
      outcome = outcome.with(targets.get(0), probe);
    }
    return new EntrySnapshot(
        entry.desired(),
        entry.parameters(),
        entry.hosts(),
        entry.hostOwners(),
        entry.now(),
        Optional.of(
            new BackendProbes.Stored(
                BackendTargets.digest(targets).orElseThrow(),
                Instant.EPOCH,
                Optional.of(outcome.text()))));
  }

  @Test
  void underWarnAnUntrustedBackendIsAWarningNamingWhatFailedTheSubjectAndExpiry() {
    List<CheckFailure> found =
        new BackendProbeCheck(false).check(probed(verifying("true"), UNTRUSTED));

    assertEquals(
        List.of(
            CheckFailure.warning(
                Reason.BACKEND_CERTIFICATE_UNTRUSTED,
                "url "
                    + URL
                    + ": the CDN would refuse the backend's certificate: it does not cover"
                    + " backend.example.net (its names: other.example) (certificate"
                    + " CN=other.example, expires 2027-01-01T00:00:00Z)")),
        found);
  }

  @Test
  void underEnforceItIsAnError() {
    List<CheckFailure> found =
        new BackendProbeCheck(true).check(probed(verifying("true"), UNTRUSTED));

    assertEquals(1, found.size());
    assertEquals(false, found.get(0).warning());
    assertEquals(Reason.BACKEND_CERTIFICATE_UNTRUSTED, found.get(0).reason());
  }

  @Test
  void aBackendNotProbedSinceKeepsItsLastConclusiveResult() {
    EntrySnapshot entry = probed(verifying("true"), UNTRUSTED, REFUSED);

    assertEquals(1, new BackendProbeCheck(true).check(entry).size());
    assertTrue(new BackendProbeCheck(true).check(probed(verifying("true"), REFUSED)).isEmpty());
  }

  @Test
  void aProbeOfOtherBackendsIsIgnored() {
    EntrySnapshot probedBefore = probed(verifying("true"), UNTRUSTED);
    EntrySnapshot changed =
        new EntrySnapshot(
            Snapshots.entry("url", "https://new.example.net/", "ssl-proxy-verify", "true")
                .desired(),
            Snapshots.entry("url", "https://new.example.net/", "ssl-proxy-verify", "true")
                .parameters(),
            List.of(),
            java.util.Map.of(),
            Instant.EPOCH,
            probedBefore.backendProbe());

    assertEquals(List.of(), new BackendProbeCheck(true).check(changed));
  }

  @ParameterizedTest
  @CsvSource({"true, 1", "True, 1", "yes, 1", "1, 1", "false, 0", "0, 0", "no, 0"})
  void onlyBackendsTheCdnVerifiesAreProbed(String verify, int targets) {
    assertEquals(targets, BackendTargets.of(verifying(verify).parameters()).size());
  }

  @Test
  void everyHttpsUrlOfBothBackendsIsProbedAgainstItsOwnAuthority() {
    EntrySnapshot entry =
        Snapshots.entry(
            "url", "http://plain.example.net",
            "https-url", "https://[2001:db8::1]/",
            "ssl-proxy-verify", "true",
            "health-check-failover-url", "https://failover.example.net:444",
            "health-check-failover-ssl-proxy-verify", "1",
            "health-check-failover-ssl-proxy-ca-crt", "PEM");

    assertEquals(
        List.of(
            new BackendTargets.Target(
                "https-url",
                "https://[2001:db8::1]/",
                "2001:db8::1",
                443,
                "ssl_proxy_ca_crt",
                null),
            new BackendTargets.Target(
                "health-check-failover-url",
                "https://failover.example.net:444",
                "failover.example.net",
                444,
                "health-check-failover-ssl-proxy-ca-crt",
                "PEM")),
        BackendTargets.of(entry.parameters()));
  }
}
