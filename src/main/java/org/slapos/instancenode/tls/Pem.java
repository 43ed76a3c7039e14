package org.slapos.instancenode.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
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
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM values of an entry's parameters with Bouncy Castle, after checking their size: the
 * bounds are cert-manager's, large enough for any real certificate, key or chain and small enough
 * that a hostile value costs nothing to refuse. Stateless and thread-safe.
 */
public final class Pem {
  /** At most this many bytes (UTF-8) in a field holding a certificate. */
  public static final int CERTIFICATE_BYTES = 36_500;

  /** At most this many bytes in a field holding a private key. */
  public static final int KEY_BYTES = 13_000;

  /** At most this many bytes in a field holding a chain or a bundle of authorities. */
  public static final int CHAIN_BYTES = 95_000;

  private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

  private Pem() {}

  /**
   * The certificates of {@code text}, in order.
   *
   * @throws TlsInputException when it is over {@code maxBytes}, holds no certificate, or holds
   *     something else (a key, garbage between blocks is ignored as OpenSSL does)
   */
  public static List<X509Certificate> certificates(String field, String text, int maxBytes)
      throws TlsInputException {
    bounded(field, text, maxBytes);
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (!(object instanceof X509CertificateHolder holder)) {
          throw new TlsInputException(
              field + " must hold certificates only (BEGIN CERTIFICATE), not " + kind(object));
        }
        certificates.add(CONVERTER.getCertificate(holder));
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new TlsInputException(field + " is not a valid PEM certificate: " + why(e));
    }
    if (certificates.isEmpty()) {
      throw new TlsInputException(
          field + " holds no PEM certificate (-----BEGIN CERTIFICATE----- ... )");
    }
    return certificates;
  }

  /**
   * The private key of {@code text}: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), SEC1 ({@code BEGIN EC
   * PRIVATE KEY}) or PKCS#8 ({@code BEGIN PRIVATE KEY}).
   *
   * @throws TlsInputException when it is over {@link #KEY_BYTES}, encrypted, not one key, or not
   *     PEM
   */
  public static PrivateKeyInfo privateKey(String field, String text) throws TlsInputException {
    bounded(field, text, KEY_BYTES);
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      // The parser's message may quote decoded bytes: say nothing of the key's content.
      throw new TlsInputException(field + " is not a valid PEM private key: it cannot be decoded");
    }
    if (objects.size() != 1) {
      throw new TlsInputException(
          field
              + (objects.isEmpty()
                  ? " holds no PEM private key (-----BEGIN PRIVATE KEY----- ... )"
                  : " must hold exactly one private key, it holds " + objects.size() + " blocks"));
    }
    return switch (objects.get(0)) {
      case PEMKeyPair pair -> pair.getPrivateKeyInfo();
      case PrivateKeyInfo info -> info;
      case PEMEncryptedKeyPair encrypted -> throw encrypted(field);
      case PKCS8EncryptedPrivateKeyInfo encrypted -> throw encrypted(field);
      default ->
          throw new TlsInputException(
              field + " must hold a private key, not " + kind(objects.get(0)));
    };
  }

  private static TlsInputException encrypted(String field) {
    return new TlsInputException(
        field
            + " is an encrypted private key: the CDN cannot ask for its passphrase; give the key"
            + " unencrypted");
  }

  private static void bounded(String field, String text, int maxBytes) throws TlsInputException {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit: short texts need no encoding.
    if (text.length() * 3L <= maxBytes) {
      return;
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      throw new TlsInputException(
          field + " is " + bytes + " bytes, more than the " + maxBytes + " accepted");
    }
  }

  private static String kind(Object object) {
    return switch (object) {
      case X509CertificateHolder c -> "a certificate";
      case PEMKeyPair k -> "a private key";
      case PrivateKeyInfo k -> "a private key";
      case PEMEncryptedKeyPair k -> "an encrypted private key";
      case PKCS8EncryptedPrivateKeyInfo k -> "an encrypted private key";
      default -> "a " + object.getClass().getSimpleName();
    };
  }

  /** A failure's reason, without quoting the input. */
  private static String why(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
