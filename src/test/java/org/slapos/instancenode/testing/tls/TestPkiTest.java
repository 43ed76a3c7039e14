package org.slapos.instancenode.testing.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestPkiTest {
  private static final TestPki PKI = TestPki.create("test CA");

  @ParameterizedTest
  @CsvSource({
    "RSA, TRADITIONAL, -----BEGIN RSA PRIVATE KEY-----",
    "RSA, PKCS8, -----BEGIN PRIVATE KEY-----",
    "EC, TRADITIONAL, -----BEGIN EC PRIVATE KEY-----",
    "EC, PKCS8, -----BEGIN PRIVATE KEY-----"
  })
  void keysAreWrittenInTheRequestedPemForm(
      TestPki.KeyType type, TestPki.KeyFormat format, String header, @TempDir Path dir)
      throws IOException {
    TestPki.Issued client = PKI.client(type, "partition");
    client.writeKey(dir.resolve("key.pem"), format);
    client.writeCertificate(dir.resolve("cert.pem"));

    assertTrue(Files.readString(dir.resolve("key.pem")).startsWith(header));
    assertTrue(Files.readString(dir.resolve("cert.pem")).startsWith("-----BEGIN CERTIFICATE-----"));
  }

  @Test
  void mutualTlsHandshakeSucceedsBetweenIssuedCertificates() throws Exception {
    TestPki.Issued server = PKI.server(TestPki.KeyType.EC, "localhost", "127.0.0.1");
    TestPki.Issued client = PKI.client(TestPki.KeyType.RSA, "partition");

    assertEquals("CN=partition", handshake(server, client));
  }

  @Test
  void handshakeFailsWhenTheClientCertificateComesFromAnotherAuthority() throws Exception {
    TestPki.Issued server = PKI.server(TestPki.KeyType.EC, "127.0.0.1");
    TestPki.Issued stranger = TestPki.create("other CA").client(TestPki.KeyType.EC, "stranger");

    assertThrows(Exception.class, () -> handshake(server, stranger));
  }

  /** The client's subject as the server saw it after a mutual handshake. */
  private static String handshake(TestPki.Issued server, TestPki.Issued client) throws Exception {
    try (SSLServerSocket listener =
        (SSLServerSocket)
            server
                .sslContext(PKI)
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      CompletableFuture<String> seen =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                  accepted.startHandshake();
                  return accepted.getSession().getPeerPrincipal().getName();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      try (SSLSocket socket =
          (SSLSocket)
              client
                  .sslContext(PKI)
                  .getSocketFactory()
                  .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        socket.startHandshake();
        socket.getInputStream().read();
      } catch (SSLException e) {
        throw e;
      } catch (IOException ignored) {
        // The server closes after the handshake.
      }
      return seen.get();
    }
  }
}
