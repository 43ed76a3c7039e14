package org.slapos.instancenode.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.json.EntryBounds;
import org.slapos.instancenode.testing.tls.TestPki;
import org.slapos.instancenode.testing.tls.TestPki.Issued;
import org.slapos.instancenode.testing.tls.TestPki.KeyFormat;
import org.slapos.instancenode.testing.tls.TestPki.KeyType;

/** Real TLS handshakes on loopback against a server that requires a client certificate. */
class MasterClientTlsTest {
  private static final SharedInstanceList LIST = new SharedInstanceList(EntryBounds.DEFAULTS);

  private static final TestPki PKI = TestPki.create("master CA");
  private static final Issued SERVER = PKI.server(KeyType.EC, "127.0.0.1");
  private static final Issued CLIENT = PKI.client(KeyType.RSA, "partition");

  @TempDir Path dir;
  private Path ca;
  private Path cert;
  private Path key;
  private LoopbackServer server;

  @BeforeEach
  void writeFiles() {
    ca = dir.resolve("ca.pem");
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    PKI.writeCertificate(ca);
    CLIENT.writeCertificate(cert);
    CLIENT.writeKey(key, KeyFormat.TRADITIONAL);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void serve(Issued identity) {
    server = LoopbackServer.httpsRequiringClientCertificate(identity.sslContext(PKI));
    server.answer(200, "{\"result_list\": []}");
  }

  private MasterClient client(Optional<Path> cert, Optional<Path> key, Path ca) {
    return MasterClient.create(
        server.url("/api"),
        cert,
        key,
        Optional.of(ca),
        GuardSettings.singleAttempt(),
        MasterMetrics.NONE,
        Clock.systemUTC());
  }

  private String failure(MasterClient client) {
    return assertThrows(
            MasterUnavailableException.class,
            () -> client.sharedInstances("HOST-1", LIST).entries())
        .getMessage();
  }

  private String prefix() {
    return MasterClient.LIST
        + " for instance HOST-1: cannot reach the master at "
        + server.url("/api")
        + ": TLS handshake failed (";
  }

  @Test
  void mutualTlsCallSucceeds() throws MasterException {
    serve(SERVER);
    assertEquals(
        List.of(),
        client(Optional.of(cert), Optional.of(key), ca).sharedInstances("HOST-1", LIST).entries());
    assertEquals("CN=partition", server.received.getLast().clientSubject());
  }

  @Test
  void masterCertificateFromAnotherCaIsRefusedNamingTheCaFile() {
    serve(SERVER);
    Path otherCa = dir.resolve("other-ca.pem");
    TestPki.create("other CA").writeCertificate(otherCa);
    assertEquals(
        prefix()
            + "PKIX path building failed: the master's certificate is not signed by a CA in"
            + " master-ca-file "
            + otherCa
            + ")",
        failure(client(Optional.of(cert), Optional.of(key), otherCa)));
    assertEquals(List.of(), server.received);
  }

  @Test
  void masterCertificateForAnotherHostIsRefused() {
    serve(PKI.server(KeyType.EC, "master.example"));
    assertEquals(
        prefix() + "the master's certificate is not valid for the host name 127.0.0.1)",
        failure(client(Optional.of(cert), Optional.of(key), ca)));
  }

  // In TLS 1.3 the server's alert races the client's request: either the alert arrives (a
  // certain diagnosis) or the connection is just closed (a hint); both name the cause.
  private void assertExplained(String message, String certain, String hint) {
    String closed = "the connection was closed before any answer; if this persists, ";
    String reached = "cannot reach the master at " + server.url("/api") + ": ";
    String prefix = MasterClient.LIST + " for instance HOST-1: " + reached;
    assertTrue(
        message.equals(prefix + "TLS handshake failed (" + certain + ")")
            || message.equals(prefix + closed + hint),
        message);
  }

  @Test
  void missingClientCertificateIsExplained() {
    serve(SERVER);
    assertExplained(
        failure(client(Optional.empty(), Optional.empty(), ca)),
        "the master requires a client certificate, and no cert-file/key-file is configured",
        "the master may require a client certificate, and no cert-file/key-file is configured");
  }

  @Test
  void clientCertificateFromAnotherCaIsExplained() {
    serve(SERVER);
    Issued stranger = TestPki.create("stranger CA").client(KeyType.EC, "stranger");
    stranger.writeCertificate(cert);
    stranger.writeKey(key, KeyFormat.PKCS8);
    assertExplained(
        failure(client(Optional.of(cert), Optional.of(key), ca)),
        "the master refused our client certificate (cert-file " + cert + ")",
        "the master may refuse our client certificate (cert-file " + cert + ")");
  }
}
