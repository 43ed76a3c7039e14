package org.slapos.instancenode.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slapos.instancenode.testing.tls.TestPki;
import org.slapos.instancenode.testing.tls.TestPki.KeyFormat;
import org.slapos.instancenode.testing.tls.TestPki.KeyType;

class KeyMatchTest {
  private static final TestPki PKI = TestPki.create("key CA");
  private static final Map<KeyType, TestPki.Issued> ISSUED = new EnumMap<>(KeyType.class);
  private static final Map<KeyType, TestPki.Issued> OTHERS = new EnumMap<>(KeyType.class);

  private static TestPki.Issued issued(Map<KeyType, TestPki.Issued> map, KeyType type) {
    return map.computeIfAbsent(type, t -> PKI.server(t, "www.example.com"));
  }

  @ParameterizedTest
  @CsvSource({
    "RSA, TRADITIONAL",
    "RSA, PKCS8",
    "EC, TRADITIONAL",
    "EC, PKCS8",
    "ED25519, PKCS8",
  })
  void theKeyOfTheCertificateMatchesInEveryPemForm(KeyType type, KeyFormat format)
      throws Exception {
    TestPki.Issued server = issued(ISSUED, type);

    assertTrue(
        KeyMatch.matches(
            "ssl_key", Pem.privateKey("ssl_key", server.keyPem(format)), server.certificate()));
  }

  @ParameterizedTest
  @CsvSource({
    "RSA, RSA",
    "EC, EC",
    "ED25519, ED25519",
    "RSA, EC",
    "EC, ED25519",
    "ED25519, RSA",
  })
  void anotherKeyDoesNotMatch(KeyType keyType, KeyType certificateType) throws Exception {
    TestPki.Issued key = issued(OTHERS, keyType);
    TestPki.Issued certificate = issued(ISSUED, certificateType);

    assertFalse(
        KeyMatch.matches(
            "ssl_key",
            Pem.privateKey("ssl_key", key.keyPem(KeyFormat.PKCS8)),
            certificate.certificate()));
  }
}
