package org.slapos.instancenode.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.testing.tls.TestPki;
import org.slapos.instancenode.testing.tls.TestPki.Issued;
import org.slapos.instancenode.testing.tls.TestPki.KeyFormat;
import org.slapos.instancenode.testing.tls.TestPki.KeyType;

class MasterTlsTest {
  private static final TestPki PKI = TestPki.create("master-tls-test CA");
  private static final Issued RSA_CLIENT = PKI.client(KeyType.RSA, "partition-rsa");
  private static final Issued EC_CLIENT = PKI.client(KeyType.EC, "partition-ec");

  @TempDir Path dir;

  private Path cert(Issued issued) {
    Path file = dir.resolve("cert.pem");
    issued.writeCertificate(file);
    return file;
  }

  private Path key(Issued issued, KeyFormat format) {
    Path file = dir.resolve("key.pem");
    issued.writeKey(file, format);
    return file;
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static MasterTls load(Path cert, Path key) {
    return MasterTls.load(Optional.of(cert), Optional.of(key), Optional.empty());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"RSA, TRADITIONAL", "RSA, PKCS8", "EC, TRADITIONAL", "EC, PKCS8"})
  void clientKeyFormatsLoad(KeyType type, KeyFormat format) throws IOException {
    Issued client = type == KeyType.RSA ? RSA_CLIENT : EC_CLIENT;
    Path key = key(client, format);
    String header = Files.readString(key).lines().findFirst().orElseThrow();
    assertEquals(
        switch (format) {
          case PKCS8 -> "-----BEGIN PRIVATE KEY-----";
          case TRADITIONAL -> "-----BEGIN " + type + " PRIVATE KEY-----";
        },
        header);
    assertNotNull(load(cert(client), key).context());
  }

  @Test
  void certificateFileMayHoldTheChainAfterTheLeaf() throws IOException {
    Path cert = cert(EC_CLIENT);
    StringWriter ca = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(ca)) {
      writer.writeObject(PKI.certificate());
    }
    Files.writeString(cert, Files.readString(cert) + ca);
    assertNotNull(load(cert, key(EC_CLIENT, KeyFormat.PKCS8)).context());
  }

  @Test
  void keyOfAnotherCertificateIsRefused() {
    Path key = key(RSA_CLIENT, KeyFormat.TRADITIONAL);
    Path cert = cert(PKI.client(KeyType.RSA, "someone else"));
    ConfigException e = assertThrows(ConfigException.class, () -> load(cert, key));
    assertEquals(
        "key-file = " + key + ": the private key does not match the certificate in " + cert,
        e.getMessage());
  }

  @Test
  void keyOfAnotherAlgorithmIsRefused() {
    Path key = key(EC_CLIENT, KeyFormat.TRADITIONAL);
    Path cert = cert(RSA_CLIENT);
    ConfigException e = assertThrows(ConfigException.class, () -> load(cert, key));
    assertTrue(e.getMessage().contains("does not match the certificate"), e.getMessage());
  }

  @Test
  void missingFilesAreNamedWithTheirKey() {
    Path missing = dir.resolve("nope.pem");
    Path key = key(EC_CLIENT, KeyFormat.PKCS8);
    assertEquals(
        "cert-file = " + missing + ": does not exist",
        assertThrows(ConfigException.class, () -> load(missing, key)).getMessage());
    Path cert = cert(EC_CLIENT);
    assertEquals(
        "key-file = " + missing + ": does not exist",
        assertThrows(ConfigException.class, () -> load(cert, missing)).getMessage());
    assertEquals(
        "master-ca-file = " + missing + ": does not exist",
        assertThrows(
                ConfigException.class,
                () -> MasterTls.load(Optional.empty(), Optional.empty(), Optional.of(missing)))
            .getMessage());
  }

  @Test
  void fileWithoutPemIsRefused() throws IOException {
    Path garbage = file("garbage.pem", "this is not a certificate\n");
    Path key = key(EC_CLIENT, KeyFormat.PKCS8);
    assertEquals(
        "cert-file = " + garbage + ": no PEM certificate (BEGIN CERTIFICATE) found",
        assertThrows(ConfigException.class, () -> load(garbage, key)).getMessage());
    Path cert = cert(EC_CLIENT);
    assertTrue(
        assertThrows(ConfigException.class, () -> load(cert, garbage))
            .getMessage()
            .startsWith("key-file = " + garbage + ": no PEM private key"));
  }

  @Test
  void brokenPemBlockIsRefusedWithoutQuotingIt() throws IOException {
    Path broken =
        file("broken.pem", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0!!\n-----END PRIVATE KEY-----\n");
    Path cert = cert(EC_CLIENT);
    ConfigException e = assertThrows(ConfigException.class, () -> load(cert, broken));
    assertEquals(
        "key-file = " + broken + ": not valid PEM: a block could not be decoded", e.getMessage());
  }

  @Test
  void encryptedKeyIsRefused() throws IOException {
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(
          new JcaMiscPEMGenerator(
              RSA_CLIENT.keys().getPrivate(),
              new JcePEMEncryptorBuilder("AES-256-CBC")
                  .setProvider(new BouncyCastleProvider())
                  .build("secret".toCharArray())));
    }
    Path key = file("encrypted.pem", pem.toString());
    Path cert = cert(RSA_CLIENT);
    assertEquals(
        "key-file = " + key + ": encrypted private keys are not supported; decrypt the key first",
        assertThrows(ConfigException.class, () -> load(cert, key)).getMessage());
  }

  @Test
  void caBundleWithSeveralCertificatesLoads() throws IOException {
    Path bundle = dir.resolve("ca.pem");
    PKI.writeCertificate(bundle);
    Path other = dir.resolve("other.pem");
    TestPki.create("other CA").writeCertificate(other);
    Files.writeString(bundle, Files.readString(bundle) + Files.readString(other));
    assertNotNull(
        MasterTls.load(Optional.empty(), Optional.empty(), Optional.of(bundle)).context());
  }
}
