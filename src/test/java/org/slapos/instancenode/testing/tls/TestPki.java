package org.slapos.instancenode.testing.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throw-away certificate authority for tests: issues server and client certificates (RSA 2048 or
 * 1024, EC P-256, Ed25519), intermediate authorities, and certificates with chosen validity dates
 * and signature algorithms, and writes them as PEM in the forms SlapOS partitions hold (RSA PKCS#1,
 * PKCS#8, SEC1 EC, encrypted PKCS#8).
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** The key algorithm of an issued certificate. */
  public enum KeyType {
    RSA("RSA", 2048),
    RSA_1024("RSA", 1024),
    EC("EC", 256),
    ED25519("Ed25519", 0);

    private final String algorithm;
    private final int bits;

    KeyType(String algorithm, int bits) {
      this.algorithm = algorithm;
      this.bits = bits;
    }
  }

  /**
   * What to issue: the key, the validity window, the CA's signature algorithm (null: SHA-256 with
   * the CA's key) and the DNS names (none: no subjectAltName extension).
   */
  public record Spec(
      KeyType type,
      Instant notBefore,
      Instant notAfter,
      String signatureAlgorithm,
      String... names) {
    /** Valid from an hour ago for 30 days, signed with SHA-256. */
    public static Spec of(KeyType type, String... names) {
      Instant now = Instant.now();
      return new Spec(
          type, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)), null, names);
    }

    public Spec validity(Instant from, Instant until) {
      return new Spec(type, from, until, signatureAlgorithm, names);
    }

    public Spec signedWith(String algorithm) {
      return new Spec(type, notBefore, notAfter, algorithm, names);
    }
  }

  /** How a private key is written: the PEM header tells them apart. */
  public enum KeyFormat {
    /** {@code BEGIN RSA PRIVATE KEY} or {@code BEGIN EC PRIVATE KEY}: the algorithm's own form. */
    TRADITIONAL,
    /** {@code BEGIN PRIVATE KEY}. */
    PKCS8
  }

  /** A certificate with its key. */
  public record Issued(X509Certificate certificate, KeyPair keys) {
    public void writeCertificate(Path file) {
      write(file, certificatePem());
    }

    public void writeKey(Path file, KeyFormat format) {
      write(file, keyPem(format));
    }

    public String certificatePem() {
      return pem(certificate);
    }

    /** The private key as PEM; Ed25519 has no traditional form and is always PKCS#8. */
    public String keyPem(KeyFormat format) {
      return format == KeyFormat.PKCS8 || keys.getPrivate().getAlgorithm().startsWith("Ed")
          ? pem(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()))
          : keys.getPrivate() instanceof ECPrivateKey ec ? sec1(ec) : pem(keys.getPrivate());
    }

    /**
     * The private key encrypted with {@code password}: PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE
     * KEY}), or OpenSSL's traditional form ({@code Proc-Type: 4,ENCRYPTED} headers).
     */
    public String encryptedKeyPem(String password, KeyFormat format) {
      try {
        var provider = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        if (format == KeyFormat.TRADITIONAL) {
          var encryptor =
              new org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder("AES-256-CBC")
                  .setProvider(provider)
                  .build(password.toCharArray());
          return pem(
              new org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator(
                  keys.getPrivate(), encryptor));
        }
        var encryptor =
            new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                    org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                .setProvider(provider)
                .setPassword(password.toCharArray())
                .build();
        return pem(
            new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), encryptor));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * The EC key as OpenSSL writes it (RFC 5915, with the curve and the public key): the JDK's
     * PKCS#8 encoding keeps the curve outside the inner key, so converting it alone would lose it.
     */
    private String sec1(ECPrivateKey key) {
      try {
        ASN1Encodable curve =
            PrivateKeyInfo.getInstance(key.getEncoded()).getPrivateKeyAlgorithm().getParameters();
        ASN1BitString publicKey =
            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData();
        org.bouncycastle.asn1.sec.ECPrivateKey structure =
            new org.bouncycastle.asn1.sec.ECPrivateKey(
                key.getParams().getOrder().bitLength(), key.getS(), publicKey, curve);
        return pem(new PemObject("EC PRIVATE KEY", structure.getEncoded()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A key manager context presenting this certificate, trusting {@code trusted}. */
    public SSLContext sslContext(TestPki trusted) {
      try {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        char[] password = "test".toCharArray();
        keyStore.setKeyEntry(
            "key", keys.getPrivate(), password, new X509Certificate[] {certificate});
        KeyManagerFactory keyManagers =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(
            keyManagers.getKeyManagers(), trusted.trustManagers().getTrustManagers(), null);
        return context;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Issued ca;

  private TestPki(Issued ca) {
    this.ca = ca;
  }

  /** A new CA with an EC key, valid from an hour ago for a year. */
  public static TestPki create(String name) {
    return create(name, KeyType.EC);
  }

  /** A new CA with a {@code type} key, valid from an hour ago for a year. */
  public static TestPki create(String name, KeyType type) {
    KeyPair keys = keyPair(type);
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    return new TestPki(
        new Issued(
            sign(
                new JcaX509v3CertificateBuilder(
                    subject,
                    serial(),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))),
                    subject,
                    keys.getPublic()),
                keys,
                null,
                TestPki::authority),
            keys));
  }

  /** An intermediate authority signed by this one, with an EC key. */
  public TestPki intermediate(String name) {
    KeyPair keys = keyPair(KeyType.EC);
    Instant now = Instant.now();
    return new TestPki(
        new Issued(
            sign(
                new JcaX509v3CertificateBuilder(
                    ca.certificate(),
                    serial(),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(365))),
                    new X500Name("CN=" + name),
                    keys.getPublic()),
                ca.keys(),
                null,
                TestPki::authority),
            keys));
  }

  private static void authority(X509v3CertificateBuilder ext) throws IOException {
    ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    ext.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
  }

  /** This authority's certificate as PEM. */
  public String certificatePem() {
    return ca.certificatePem();
  }

  public X509Certificate certificate() {
    return ca.certificate();
  }

  public void writeCertificate(Path file) {
    ca.writeCertificate(file);
  }

  /** A server certificate for {@code names}: DNS names, or IP literals given as such. */
  public Issued server(KeyType type, String... names) {
    return server(Spec.of(type, names));
  }

  /** A server certificate as {@code spec} says; its subject is the first name, or CN=server. */
  public Issued server(Spec spec) {
    return issue(
        spec,
        "CN=" + (spec.names().length > 0 ? spec.names()[0] : "server"),
        KeyPurposeId.id_kp_serverAuth);
  }

  /** A client certificate with common name {@code name}. */
  public Issued client(KeyType type, String name) {
    return issue(Spec.of(type), "CN=" + name, KeyPurposeId.id_kp_clientAuth);
  }

  /** Trust managers trusting this CA only. */
  public TrustManagerFactory trustManagers() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Issued issue(Spec spec, String subject, KeyPurposeId purpose) {
    KeyPair keys = keyPair(spec.type());
    String[] names = spec.names();
    X509Certificate certificate =
        sign(
            new JcaX509v3CertificateBuilder(
                ca.certificate(),
                serial(),
                Date.from(spec.notBefore()),
                Date.from(spec.notAfter()),
                new X500Name(subject),
                keys.getPublic()),
            ca.keys(),
            spec.signatureAlgorithm(),
            ext -> {
              ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
              ext.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
              if (names.length > 0) {
                List<GeneralName> alternatives = new ArrayList<>();
                for (String name : names) {
                  alternatives.add(
                      isIpLiteral(name)
                          ? new GeneralName(GeneralName.iPAddress, name)
                          : new GeneralName(GeneralName.dNSName, name));
                }
                ext.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
              }
            });
    return new Issued(certificate, keys);
  }

  private interface Extensions {
    void add(X509v3CertificateBuilder builder) throws IOException;
  }

  private static X509Certificate sign(
      X509v3CertificateBuilder builder, KeyPair signer, String chosen, Extensions extensions) {
    try {
      extensions.add(builder);
      String algorithm =
          chosen != null
              ? chosen
              : switch (signer.getPrivate().getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                default -> "Ed25519";
              };
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static KeyPair keyPair(KeyType type) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type.algorithm);
      if (type.algorithm.equals("RSA")) {
        generator.initialize(type.bits, new SecureRandom());
      } else if (type.algorithm.equals("EC")) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isIpLiteral(String name) {
    if (!name.matches("[0-9.]+|.*:.*")) {
      return false;
    }
    try {
      InetAddress.getByName(name);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static String pem(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
