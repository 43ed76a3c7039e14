package org.slapos.instancenode.master;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.files.FileErrors;

/**
 * Reads certificates and private keys from PEM files with Bouncy Castle's parser (not registered as
 * a JCA provider: the JDK's providers do the conversions). Errors name the file and the config key;
 * they never quote the file's content.
 */
final class PemFiles {
  private PemFiles() {}

  /**
   * Every certificate of {@code file}, in file order (for a client certificate: the leaf first,
   * then its chain); other PEM objects are skipped.
   */
  static List<X509Certificate> certificates(Path file, String key) {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object object : objects(file, key)) {
      if (object instanceof X509CertificateHolder holder) {
        try {
          certificates.add(converter.getCertificate(holder));
        } catch (CertificateException e) {
          throw problem(file, key, "unreadable certificate: " + e.getMessage());
        }
      }
    }
    if (certificates.isEmpty()) {
      throw problem(file, key, "no PEM certificate (BEGIN CERTIFICATE) found");
    }
    return certificates;
  }

  /**
   * The first private key of {@code file}: RSA PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), EC SEC1
   * ({@code BEGIN EC PRIVATE KEY}) or PKCS#8 ({@code BEGIN PRIVATE KEY}); other objects, such as
   * {@code EC PARAMETERS} or certificates, are skipped.
   */
  static PrivateKey privateKey(Path file, String key) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    for (Object object : objects(file, key)) {
      try {
        if (object instanceof PEMKeyPair pair) {
          // Not getKeyPair: a SEC1 EC key may omit its public part.
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
      } catch (IOException e) {
        throw problem(file, key, "unreadable private key: " + e.getMessage());
      }
      if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw problem(file, key, "encrypted private keys are not supported; decrypt the key first");
      }
    }
    throw problem(
        file,
        key,
        "no PEM private key (BEGIN RSA PRIVATE KEY, BEGIN EC PRIVATE KEY or BEGIN PRIVATE KEY)"
            + " found");
  }

  static ConfigException problem(Path file, String key, String what) {
    return new ConfigException(FileErrors.problem(key, file, what));
  }

  private static List<Object> objects(Path file, String key) {
    String text;
    try {
      // Latin-1 decodes any bytes: a binary file then fails as "no PEM ... found".
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw problem(file, key, FileErrors.words(e));
    }
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle reports bad base64 or DER as IOException or as unchecked exceptions; their
      // messages may quote the content, which for a key is secret.
      throw problem(file, key, "not valid PEM: a block could not be decoded");
    }
    return objects;
  }
}
