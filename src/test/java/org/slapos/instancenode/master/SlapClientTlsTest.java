package org.slapos.instancenode.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.slap.FakeSlapMaster;
import org.slapos.instancenode.testing.tls.TestPki;

/** Real TLS handshakes with the fake SLAP master, which requires a client certificate. */
class SlapClientTlsTest {
  private static final TestPki PKI = TestPki.create("slap master CA");

  @TempDir Path dir;
  private final FakeSlapMaster master = FakeSlapMaster.https(PKI);
  private Path cert;
  private Path key;

  @BeforeEach
  void writeIdentity() {
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    master.clientCertificate().writeCertificate(cert);
    master.clientCertificate().writeKey(key, TestPki.KeyFormat.TRADITIONAL);
  }

  @AfterEach
  void close() {
    master.close();
    master.assertNoProtocolViolations();
  }

  private SlapClient client(Optional<Path> ca) {
    return SlapClient.create(
        URI.create(master.serverUrl()),
        FakeSlapMaster.COMPUTER_ID,
        FakeSlapMaster.PARTITION_ID,
        Optional.of(cert),
        Optional.of(key),
        ca,
        GuardSettings.singleAttempt(),
        MasterMetrics.NONE,
        Clock.systemUTC());
  }

  private String refusal(Optional<Path> ca) {
    try (SlapClient client = client(ca)) {
      return assertThrows(MasterUnavailableException.class, () -> client.bang("m")).getMessage();
    }
  }

  @Test
  void mutualTlsBangReachesTheMaster() throws MasterException {
    Path ca = dir.resolve("ca.pem");
    PKI.writeCertificate(ca);

    try (SlapClient client = client(Optional.of(ca))) {
      client.bang("m");
    }

    assertEquals(List.of("m"), master.bangs());
  }

  @Test
  void aMasterCertificateFromAnotherCaIsRefusedNamingMasterCaFile() {
    Path otherCa = dir.resolve("other-ca.pem");
    TestPki.create("other CA").writeCertificate(otherCa);

    assertEquals(
        "slap.softwareInstanceBang for instance COMP-SLAP/slappart0: cannot reach the master at "
            + master.serverUrl()
            + "/: TLS handshake failed (PKIX path building failed: the master's certificate is"
            + " not signed by a CA in master-ca-file "
            + otherCa
            + ")",
        refusal(Optional.of(otherCa)));
    assertEquals(List.of(), master.calls());
  }

  @Test
  void withoutMasterCaFileTheSystemTrustStoreRefusesATestCaAndSaysWhichKeyToSet() {
    assertEquals(
        "slap.softwareInstanceBang for instance COMP-SLAP/slappart0: cannot reach the master at "
            + master.serverUrl()
            + "/: TLS handshake failed (PKIX path building failed: the master's certificate is"
            + " not signed by a CA in the system trust store (name the master's CA with"
            + " master-ca-file))",
        refusal(Optional.empty()));
  }
}
