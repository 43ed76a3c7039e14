package org.slapos.instancenode.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.tls.TestPki;
import org.slapos.instancenode.testing.tls.TestPki.KeyType;
import org.slapos.instancenode.testing.tls.TlsBackend;

/**
 * Live probes against real TLS endpoints on 127.0.0.1: the prober connects with SNI, judges the
 * chain it is shown against the given authority or the system trust store and the URL's host, and
 * tells a backend it could not reach from one it distrusts.
 */
class BackendProberTest {
  private static final String HOST = "backend.example";
  private static final String FIELD = "ssl_proxy_ca_crt";
  private static final TestPki CA = TestPki.create("backend CA");
  private static final TestPki OTHER = TestPki.create("other CA");

  /** Resolves {@link #HOST} to 127.0.0.1, and nothing else. */
  private static final BackendProber.Resolver LOOPBACK =
      host -> {
        if (!host.equals(HOST)) {
          throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getLoopbackAddress());
      };

  private static BackendProber prober(boolean allowPrivate) {
    return new BackendProber(Duration.ofSeconds(5), allowPrivate, LOOPBACK, Clock.systemUTC());
  }

  private static BackendProbe probe(TestPki.Issued presented, List<TestPki> trusted) {
    try (TlsBackend backend = TlsBackend.start(presented)) {
      return prober(true)
          .probe(HOST, backend.port(), trusted.stream().map(TestPki::certificate).toList(), FIELD);
    }
  }

  @Test
  void aBackendSignedByTheGivenAuthorityAndCoveringItsHostIsTrusted() {
    TestPki.Issued presented = CA.server(KeyType.EC, HOST);
    try (TlsBackend backend = TlsBackend.start(presented)) {
      BackendProbe seen =
          prober(true).probe(HOST, backend.port(), List.of(CA.certificate()), FIELD);

      assertEquals(BackendProbe.Result.TRUSTED, seen.result(), seen.describe());
      assertEquals(List.of(), seen.problems());
      assertEquals("CN=" + HOST, seen.subject().orElseThrow());
      assertEquals(
          presented.certificate().getNotAfter().toInstant(), seen.notAfter().orElseThrow());
      assertEquals(List.of(HOST), backend.serverNames(), "the host is sent as SNI");
    }
  }

  @Test
  void aBackendSignedByAnotherAuthorityIsUntrustedNamingTheField() {
    BackendProbe seen = probe(OTHER.server(KeyType.RSA, HOST), List.of(CA));

    assertEquals(BackendProbe.Result.UNTRUSTED, seen.result());
    assertEquals(
        List.of(
            "its chain does not lead to a certificate of ssl_proxy_ca_crt (issuer CN=other CA)"),
        seen.problems());
    assertTrue(seen.describe().contains("(certificate CN=" + HOST + ", expires "), seen.describe());
  }

  @Test
  void withoutAnAuthorityTheSystemTrustStoreDecides() {
    BackendProbe seen = probe(CA.server(KeyType.EC, HOST), List.of());

    assertEquals(BackendProbe.Result.UNTRUSTED, seen.result());
    assertTrue(
        seen.problems().get(0).startsWith("its chain is not trusted by the system trust store"),
        seen.describe());
  }

  @Test
  void aCertificateForAnotherNameIsUntrusted() {
    BackendProbe seen = probe(CA.server(KeyType.EC, "other.example"), List.of(CA));

    assertEquals(BackendProbe.Result.UNTRUSTED, seen.result());
    assertEquals(
        List.of("it does not cover backend.example (its names: other.example)"), seen.problems());
  }

  @Test
  void anExpiredCertificateIsUntrustedForItsDatesOnly() {
    Instant now = Instant.now();
    TestPki.Issued expired =
        CA.server(
            TestPki.Spec.of(KeyType.EC, HOST)
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))));

    BackendProbe seen = probe(expired, List.of(CA));

    assertEquals(BackendProbe.Result.UNTRUSTED, seen.result());
    assertEquals(
        List.of("the certificate expired on " + expired.certificate().getNotAfter().toInstant()),
        seen.problems());
  }

  @Test
  void anIpLiteralIsMatchedAgainstTheCertificatesAddressesAndSentNoSni() {
    try (TlsBackend backend = TlsBackend.start(CA.server(KeyType.EC, "127.0.0.1"))) {
      BackendProbe seen =
          prober(true).probe("127.0.0.1", backend.port(), List.of(CA.certificate()), FIELD);

      assertEquals(BackendProbe.Result.TRUSTED, seen.result(), seen.describe());
      assertEquals(List.of(), backend.serverNames());
    }
  }

  @Test
  void aStoppedBackendIsNotProbed() {
    TlsBackend backend = TlsBackend.start(CA.server(KeyType.EC, HOST));
    int port = backend.port();
    backend.close();

    BackendProbe seen = prober(true).probe(HOST, port, List.of(CA.certificate()), FIELD);

    assertEquals(BackendProbe.Result.UNREACHABLE, seen.result());
    assertEquals("not probed: connection to backend.example:" + port + " refused", seen.describe());
  }

  @Test
  void aBackendThatNeverAnswersTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      BackendProbe seen =
          new BackendProber(Duration.ofMillis(300), true, LOOPBACK, Clock.systemUTC())
              .probe(HOST, silent.getLocalPort(), List.of(), FIELD);

      assertEquals(BackendProbe.Result.UNREACHABLE, seen.result());
      assertTrue(seen.describe().endsWith("did not answer within PT0.3S"), seen.describe());
    }
  }

  @Test
  void aHostThatDoesNotResolveIsNotProbed() {
    BackendProbe seen = prober(true).probe("nowhere.example", 443, List.of(), FIELD);

    assertEquals(BackendProbe.Result.UNREACHABLE, seen.result());
    assertEquals("not probed: nowhere.example does not resolve (DNS)", seen.describe());
  }

  @Test
  void aLoopbackBackendIsNeverContactedUnlessPrivateAddressesAreAllowed() {
    try (TlsBackend backend = TlsBackend.start(CA.server(KeyType.EC, HOST))) {
      BackendProbe byName = prober(false).probe(HOST, backend.port(), List.of(), FIELD);
      BackendProbe byLiteral = prober(false).probe("127.0.0.1", backend.port(), List.of(), FIELD);

      assertEquals(BackendProbe.Result.SKIPPED_PRIVATE, byName.result());
      assertTrue(byName.describe().startsWith("not probed: backend.example resolves to 127.0.0.1"));
      assertEquals(BackendProbe.Result.SKIPPED_PRIVATE, byLiteral.result());
      assertEquals(0, backend.connections(), "no connection was made");
    }
  }
}
