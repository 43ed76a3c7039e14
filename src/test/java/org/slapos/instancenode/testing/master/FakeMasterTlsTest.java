package org.slapos.instancenode.testing.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.tls.TestPki;

class FakeMasterTlsTest {
  private static final TestPki PKI = TestPki.create("fake master CA");
  private static final String HOST_BODY = "{\"instance_guid\": \"SOFTINST-HOST\"}";

  private final FakeMaster master = FakeMaster.https(PKI);

  @AfterEach
  void tearDown() {
    master.close();
    master.assertNoContractViolations();
  }

  @Test
  void clientWithACertificateOfTheMastersAuthorityIsServed() throws Exception {
    master.addHost("SOFTINST-HOST");

    try (MasterHttp http = client(master.clientSslContext())) {
      assertEquals(200, http.post(FakeMaster.INSTANCE_LIST, HOST_BODY).statusCode());
    }
    assertTrue(master.baseUrl().startsWith("https://127.0.0.1:"), master.baseUrl());
  }

  @Test
  void clientWithoutCertificateFailsTheHandshake() throws Exception {
    try (MasterHttp http = client(trustingOnly(PKI))) {
      // In TLS 1.3 the client may finish its half of the handshake before the server refuses it:
      // the refusal then arrives as a reset of the connection rather than a TLS alert.
      assertThrows(IOException.class, () -> http.post(FakeMaster.INSTANCE_LIST, HOST_BODY));
    }
    assertEquals(0, master.calls().size());
  }

  @Test
  void clientCertificateOfAnotherAuthorityFailsTheHandshake() throws Exception {
    TestPki.Issued stranger = TestPki.create("other CA").client(TestPki.KeyType.RSA, "stranger");

    try (MasterHttp http = client(stranger.sslContext(PKI))) {
      // As without a certificate: the refusal may arrive as a reset rather than a TLS alert.
      assertThrows(IOException.class, () -> http.post(FakeMaster.INSTANCE_LIST, HOST_BODY));
    }
    assertEquals(0, master.calls().size());
  }

  @Test
  void clientNotTrustingTheMastersAuthorityRejectsTheServer() throws Exception {
    try (MasterHttp http =
        client(master.clientCertificate().sslContext(TestPki.create("other CA")))) {
      assertThrows(SSLException.class, () -> http.post(FakeMaster.INSTANCE_LIST, HOST_BODY));
    }
    assertEquals(0, master.calls().size());
  }

  private MasterHttp client(SSLContext context) {
    return new MasterHttp(master, HttpClient.newBuilder().sslContext(context).build());
  }

  private static SSLContext trustingOnly(TestPki pki) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, pki.trustManagers().getTrustManagers(), null);
    return context;
  }
}
