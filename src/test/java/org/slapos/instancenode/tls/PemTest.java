package org.slapos.instancenode.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slapos.instancenode.testing.tls.TestPki;
import org.slapos.instancenode.testing.tls.TestPki.KeyFormat;
import org.slapos.instancenode.testing.tls.TestPki.KeyType;

class PemTest {
  private static final TestPki PKI = TestPki.create("pem CA");
  private static final TestPki.Issued SERVER = PKI.server(KeyType.EC, "www.example.com");

  @Test
  void certificatesAreReadInOrderIgnoringTextAroundThem() throws Exception {
    String bundle =
        "subject=www\n" + SERVER.certificatePem() + "\nissuer=ca\n" + PKI.certificatePem();

    var certificates = Pem.certificates("ssl_crt", bundle, Pem.CHAIN_BYTES);

    assertEquals(List.of(SERVER.certificate(), PKI.certificate()), certificates);
  }

  @Test
  void garbageIsRefusedNamingTheField() {
    var e =
        assertThrows(
            TlsInputException.class,
            () -> Pem.certificates("ssl_proxy_ca_crt", "not a certificate", Pem.CHAIN_BYTES));
    assertEquals(
        "ssl_proxy_ca_crt holds no PEM certificate (-----BEGIN CERTIFICATE----- ... )",
        e.getMessage());
  }

  @Test
  void aCorruptBlockIsRefused() {
    String corrupt = "-----BEGIN CERTIFICATE-----\nMIIBnotbase64!!\n-----END CERTIFICATE-----\n";
    var e =
        assertThrows(
            TlsInputException.class, () -> Pem.certificates("ssl_crt", corrupt, Pem.CHAIN_BYTES));
    assertTrue(
        e.getMessage().startsWith("ssl_crt is not a valid PEM certificate: "), e.getMessage());
  }

  @Test
  void aKeyInACertificateFieldIsRefused() {
    var e =
        assertThrows(
            TlsInputException.class,
            () -> Pem.certificates("ssl_crt", SERVER.keyPem(KeyFormat.PKCS8), Pem.CHAIN_BYTES));
    assertEquals(
        "ssl_crt must hold certificates only (BEGIN CERTIFICATE), not a private key",
        e.getMessage());
  }

  @Test
  void anOversizedValueIsRefusedBeforeParsing() {
    // Not PEM at all: were it parsed, the message would say so instead of the size.
    String huge = "x".repeat(Pem.CERTIFICATE_BYTES + 1);
    var e =
        assertThrows(
            TlsInputException.class,
            () -> Pem.certificates("ssl_crt", huge, Pem.CERTIFICATE_BYTES));
    assertEquals("ssl_crt is 36501 bytes, more than the 36500 accepted", e.getMessage());
    var key =
        assertThrows(TlsInputException.class, () -> Pem.privateKey("ssl_key", "é".repeat(6_501)));
    assertEquals("ssl_key is 13002 bytes, more than the 13000 accepted", key.getMessage());
  }

  @Test
  void aChainUpToTheBoundIsRead() throws Exception {
    StringBuilder chain = new StringBuilder();
    while (chain.length() + PKI.certificatePem().length() <= Pem.CHAIN_BYTES) {
      chain.append(PKI.certificatePem());
    }
    assertTrue(chain.length() > Pem.CERTIFICATE_BYTES);

    assertFalse(Pem.certificates("ssl_ca_crt", chain.toString(), Pem.CHAIN_BYTES).isEmpty());
  }

  @ParameterizedTest
  @EnumSource(KeyFormat.class)
  void anEncryptedKeyIsRefusedWithAMessageSayingSo(KeyFormat format) {
    String encrypted = SERVER.encryptedKeyPem("secret", format);
    var e = assertThrows(TlsInputException.class, () -> Pem.privateKey("ssl_key", encrypted));
    assertEquals(
        "ssl_key is an encrypted private key: the CDN cannot ask for its passphrase; give the key"
            + " unencrypted",
        e.getMessage());
  }

  @Test
  void aGarbageKeyIsRefusedWithoutQuotingIt() {
    String garbage = "-----BEGIN PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END PRIVATE KEY-----\n";
    var e = assertThrows(TlsInputException.class, () -> Pem.privateKey("ssl_key", garbage));
    assertEquals("ssl_key is not a valid PEM private key: it cannot be decoded", e.getMessage());
    var none = assertThrows(TlsInputException.class, () -> Pem.privateKey("ssl_key", "SECRET"));
    assertFalse(none.getMessage().contains("SECRET"));
  }
}
