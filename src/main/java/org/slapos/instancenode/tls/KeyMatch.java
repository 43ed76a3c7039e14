package org.slapos.instancenode.tls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Whether a private key is the one of a certificate: its public half, derived from the private key
 * alone, equals the certificate's public key. Works for RSA (PKCS#1 or PKCS#8), EC (SEC1 or PKCS#8,
 * even without the optional public key) and Ed25519, with no signature made and nothing logged.
 */
public final class KeyMatch {
  private KeyMatch() {}

  /**
   * @throws TlsInputException when the key's algorithm is not RSA, EC or Ed25519, or the key cannot
   *     be decoded
   */
  public static boolean matches(String keyField, PrivateKeyInfo key, X509Certificate certificate)
      throws TlsInputException {
    AsymmetricKeyParameter privateKey;
    AsymmetricKeyParameter publicKey;
    try {
      privateKey = PrivateKeyFactory.createKey(key);
    } catch (IOException | RuntimeException e) {
      throw new TlsInputException(keyField + " is not a usable private key: it cannot be decoded");
    }
    try {
      publicKey =
          PublicKeyFactory.createKey(
              SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()));
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return switch (privateKey) {
      case RSAPrivateCrtKeyParameters rsa ->
          publicKey instanceof RSAKeyParameters pub
              && !pub.isPrivate()
              && pub.getModulus().equals(rsa.getModulus())
              && pub.getExponent().equals(rsa.getPublicExponent());
      case ECPrivateKeyParameters ec ->
          publicKey instanceof ECPublicKeyParameters pub
              && pub.getParameters().equals(ec.getParameters())
              && pub.getQ().equals(ec.getParameters().getG().multiply(ec.getD()).normalize());
      case Ed25519PrivateKeyParameters ed ->
          publicKey instanceof Ed25519PublicKeyParameters pub
              && Arrays.equals(pub.getEncoded(), ed.generatePublicKey().getEncoded());
      default ->
          throw new TlsInputException(
              keyField + " is a key of an unsupported kind: give an RSA, EC or Ed25519 key");
    };
  }
}
