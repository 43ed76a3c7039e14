package org.slapos.instancenode.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.tls.TestPki;
import org.slapos.instancenode.testing.tls.TestPki.KeyFormat;
import org.slapos.instancenode.testing.tls.TestPki.KeyType;
import org.slapos.instancenode.tls.CertificateFacts.Kind;
import org.slapos.instancenode.tls.CertificateFacts.Problem;

class CertificateInspectorTest {
  private static final TestPki ROOT = TestPki.create("root CA");
  private static final TestPki INTERMEDIATE = ROOT.intermediate("intermediate CA");
  private static final TestPki.Issued SERVER =
      INTERMEDIATE.server(KeyType.EC, "www.example.com", "*.shop.example.com");

  private static CertificateFacts inspect(
      String crt, String key, String ca, String proxyCa, String failoverCa, String... hosts) {
    return CertificateInspector.inspect(
        new CertificateInspector.Input(crt, key, ca, proxyCa, failoverCa, List.of(hosts)));
  }

  private static CertificateFacts served(TestPki.Issued issued, String... hosts) {
    return inspect(
        issued.certificatePem(), issued.keyPem(KeyFormat.TRADITIONAL), null, null, null, hosts);
  }

  @Test
  void aGoodTrioPassesAndTellsItsDates() {
    CertificateFacts facts =
        inspect(
            SERVER.certificatePem(),
            SERVER.keyPem(KeyFormat.PKCS8),
            INTERMEDIATE.certificatePem() + ROOT.certificatePem(),
            ROOT.certificatePem(),
            ROOT.certificatePem(),
            "www.example.com",
            "a.shop.example.com",
            "*.shop.example.com");

    assertEquals(List.of(), facts.problems());
    assertEquals(
        SERVER.certificate().getNotAfter().toInstant(), facts.leaf().orElseThrow().notAfter());
    assertEquals("CN=www.example.com", facts.leaf().orElseThrow().subject());
  }

  @Test
  void nothingGivenIsNothingFound() {
    assertEquals(CertificateFacts.NONE, inspect(null, "", " ", null, null, "www.example.com"));
  }

  @Test
  void backendAuthoritiesMustParse() {
    CertificateFacts facts = inspect(null, null, null, "garbage", "more garbage");

    assertEquals(
        List.of(
            new Problem(
                Kind.INVALID,
                "ssl_proxy_ca_crt holds no PEM certificate (-----BEGIN CERTIFICATE----- ... )"),
            new Problem(
                Kind.INVALID,
                "health-check-failover-ssl-proxy-ca-crt holds no PEM certificate"
                    + " (-----BEGIN CERTIFICATE----- ... )")),
        facts.problems());
  }

  @Test
  void aCaCertificateAloneIsAnIncompleteTrio() {
    CertificateFacts facts = inspect(null, null, ROOT.certificatePem(), null, null);

    assertEquals(
        List.of(
            new Problem(
                Kind.TRIO_INCOMPLETE,
                "ssl_ca_crt is given, so ssl_crt and ssl_key are required: give both, or remove"
                    + " ssl_ca_crt")),
        facts.problems());
  }

  @Test
  void aKeyOfAnotherCertificateIsAMismatch() {
    TestPki.Issued other = ROOT.server(KeyType.RSA, "www.example.com");
    CertificateFacts facts =
        inspect(
            SERVER.certificatePem(),
            other.keyPem(KeyFormat.TRADITIONAL),
            null,
            null,
            null,
            "www.example.com");

    assertEquals(List.of(Kind.KEY_MISMATCH), kinds(facts));
    assertTrue(facts.problems().get(0).message().startsWith("ssl_key is not the key of ssl_crt"));
  }

  @Test
  void aLeafThatTheGivenChainDidNotSignIsInvalid() {
    TestPki stranger = TestPki.create("stranger CA");
    CertificateFacts facts =
        inspect(
            SERVER.certificatePem(),
            SERVER.keyPem(KeyFormat.PKCS8),
            stranger.certificatePem(),
            null,
            null,
            "www.example.com");

    assertEquals(
        List.of(
            new Problem(
                Kind.INVALID,
                "ssl_crt is not signed by a certificate of ssl_ca_crt (its issuer is"
                    + " CN=intermediate CA)")),
        facts.problems());
  }

  @Test
  void intermediatesGivenInSslCrtCompleteTheChain() {
    CertificateFacts facts =
        inspect(
            SERVER.certificatePem() + INTERMEDIATE.certificatePem(),
            SERVER.keyPem(KeyFormat.PKCS8),
            ROOT.certificatePem(),
            null,
            null,
            "www.example.com");

    assertEquals(List.of(), facts.problems());
  }

  @Test
  void sslCrtMustHoldExactlyOneLeaf() {
    TestPki.Issued second = INTERMEDIATE.server(KeyType.EC, "www.example.com");
    CertificateFacts two =
        inspect(SERVER.certificatePem() + second.certificatePem(), null, null, null, null);
    CertificateFacts none =
        inspect(INTERMEDIATE.certificatePem() + ROOT.certificatePem(), null, null, null, null);

    assertEquals(
        "ssl_crt holds 2 end-entity certificates among 2: give exactly one, optionally followed"
            + " by its intermediate authorities",
        two.problems().get(0).message());
    assertTrue(none.problems().get(0).message().startsWith("ssl_crt holds 0 end-entity"));
    assertTrue(two.leaf().isEmpty());
  }

  @Test
  void weakKeysAndSignaturesAreInvalidSayingWhy() {
    TestPki rsaRoot = TestPki.create("rsa CA", KeyType.RSA);
    CertificateFacts small = served(rsaRoot.server(KeyType.RSA_1024, "www.example.com"));
    CertificateFacts sha1 =
        served(
            rsaRoot.server(
                TestPki.Spec.of(KeyType.RSA, "www.example.com").signedWith("SHA1withRSA")));
    CertificateFacts md5 =
        served(
            rsaRoot.server(
                TestPki.Spec.of(KeyType.EC, "www.example.com").signedWith("MD5withRSA")));

    assertEquals(
        List.of(
            new Problem(
                Kind.INVALID, "ssl_crt has a 1024-bit RSA key: at least 2048 bits are required")),
        small.problems());
    assertEquals(
        List.of(
            new Problem(
                Kind.INVALID,
                "ssl_crt is signed with SHA1withRSA, which clients refuse: have it reissued with"
                    + " SHA-256 or better")),
        sha1.problems());
    assertEquals(List.of(Kind.INVALID), kinds(md5));
    assertTrue(md5.problems().get(0).message().contains("MD5withRSA"));
  }

  @Test
  void everyUncoveredNameIsReported() {
    CertificateFacts facts =
        served(
            SERVER,
            "www.example.com",
            "example.com",
            "a.shop.example.com",
            "a.b.shop.example.com",
            "*.example.com");

    assertEquals(
        List.of(
            "ssl_crt does not cover example.com: its names are www.example.com,"
                + " *.shop.example.com",
            "ssl_crt does not cover a.b.shop.example.com: its names are www.example.com,"
                + " *.shop.example.com",
            "ssl_crt does not cover *.example.com: its names are www.example.com,"
                + " *.shop.example.com"),
        facts.problems().stream().map(Problem::message).toList());
    assertEquals(List.of(Kind.NAME_MISMATCH, Kind.NAME_MISMATCH, Kind.NAME_MISMATCH), kinds(facts));
  }

  @Test
  void aCertificateWithoutSubjectAltNameCoversNothing() {
    Instant now = Instant.now();
    TestPki.Issued bare =
        ROOT.server(new TestPki.Spec(KeyType.EC, now, now.plus(Duration.ofDays(1)), null));

    assertEquals(
        List.of("ssl_crt does not cover server: it has no subjectAltName DNS name"),
        served(bare, "server").problems().stream().map(Problem::message).toList());
  }

  @Test
  void datesAreFactsNotProblems() {
    Instant past = Instant.parse("2020-01-01T00:00:00Z");
    TestPki.Issued expired =
        ROOT.server(
            TestPki.Spec.of(KeyType.EC, "www.example.com")
                .validity(past, past.plus(Duration.ofDays(1))));

    CertificateFacts facts = served(expired, "www.example.com");

    assertEquals(List.of(), facts.problems());
    assertEquals(past.plus(Duration.ofDays(1)), facts.leaf().orElseThrow().notAfter());
  }

  private static List<Kind> kinds(CertificateFacts facts) {
    return facts.problems().stream().map(Problem::kind).toList();
  }
}
