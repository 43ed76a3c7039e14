package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.cdn.Snapshots.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.tls.TestPki;
import org.slapos.instancenode.testing.tls.TestPki.KeyFormat;
import org.slapos.instancenode.testing.tls.TestPki.KeyType;

class CertificateCheckTest {
  private static final TestPki PKI = TestPki.create("check CA");
  private static final Instant FROM = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2030-04-01T00:00:00Z");
  private static final TestPki.Issued SERVER =
      PKI.server(TestPki.Spec.of(KeyType.EC, "www.example.com").validity(FROM, UNTIL));
  private static final Duration WARNING = Duration.ofDays(30);

  private final CertificateCheck check = new CertificateCheck(WARNING);

  private static EntrySnapshot at(Instant now) {
    return entry(
        now,
        "custom_domain",
        "www.example.com",
        "ssl_crt",
        SERVER.certificatePem(),
        "ssl_key",
        SERVER.keyPem(KeyFormat.TRADITIONAL));
  }

  @Test
  void aCertificateNotYetValidIsExpiredWithItsDates() {
    assertEquals(
        List.of(
            CheckFailure.of(
                Reason.CERTIFICATE_EXPIRED,
                "ssl_crt is not valid yet (valid from 2030-01-01T00:00:00Z to"
                    + " 2030-04-01T00:00:00Z)")),
        check.check(at(FROM.minusSeconds(1))));
    assertEquals(Optional.of(FROM), check.changesAt(at(FROM.minusSeconds(1))));
  }

  @Test
  void aValidCertificatePassesUntilItsWarningTime() {
    Instant warnFrom = UNTIL.minus(WARNING);

    assertEquals(List.of(), check.check(at(FROM)));
    assertEquals(Optional.of(warnFrom), check.changesAt(at(FROM)));
    assertEquals(
        List.of(
            CheckFailure.warning(
                Reason.CERTIFICATE_EXPIRED,
                "ssl_crt expires on 2030-04-01T00:00:00Z, within cert-expiry-warning (30 days):"
                    + " renew it")),
        check.check(at(warnFrom)));
    assertEquals(Optional.of(UNTIL), check.changesAt(at(warnFrom)));
  }

  @Test
  void anExpiredCertificateIsExpiredAndNeedsNoFurtherRecheck() {
    assertEquals(
        List.of(
            CheckFailure.of(
                Reason.CERTIFICATE_EXPIRED,
                "ssl_crt has expired (valid from 2030-01-01T00:00:00Z to 2030-04-01T00:00:00Z):"
                    + " renew it")),
        check.check(at(UNTIL)));
    assertEquals(Optional.empty(), check.changesAt(at(UNTIL)));
  }

  @Test
  void parametersAreParsedOncePerHash() {
    check.check(at(FROM));
    check.changesAt(at(FROM));
    check.check(at(UNTIL));
    check.check(entry(FROM, "ciphers", "AES128-SHA"));

    assertEquals(1, check.inspections());
    check.check(entry(FROM, "ssl_crt", SERVER.certificatePem()));
    assertEquals(2, check.inspections());
  }

  @Test
  void problemsMapToTheirReasons() {
    TestPki.Issued other = PKI.server(KeyType.RSA, "other.example.com");
    List<CheckFailure> failures =
        check.check(
            entry(
                Instant.now(),
                "custom_domain",
                "www.example.com",
                "ssl_crt",
                other.certificatePem(),
                "ssl_key",
                SERVER.keyPem(KeyFormat.PKCS8),
                "ssl_ca_crt",
                "garbage",
                "ssl_proxy_ca_crt",
                PKI.certificatePem()));

    assertEquals(
        List.of(
            Reason.CERTIFICATE_INVALID,
            Reason.CERTIFICATE_KEY_MISMATCH,
            Reason.CERTIFICATE_NAME_MISMATCH,
            Reason.CERTIFICATE_EXPIRED),
        failures.stream().map(CheckFailure::reason).toList());
    assertTrue(failures.get(3).warning(), failures.get(3).message());
    assertTrue(failures.get(0).message().startsWith("ssl_ca_crt holds no PEM certificate"));
  }
}
