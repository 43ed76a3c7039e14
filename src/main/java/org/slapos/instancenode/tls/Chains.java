package org.slapos.instancenode.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a leaf's signatures verify along the chain an entry gives: from the leaf, each
 * certificate is signed by one of the given authorities, up to one that is self-signed or whose
 * issuer was not given (a chain may stop at an intermediate the frontends' clients trust). This
 * checks signatures only, not trust: the CDN serves the chain as given.
 */
public final class Chains {
  private static final int MAX_DEPTH = 10;

  private Chains() {}

  /** Why {@code leaf} does not verify against {@code authorities}, or empty when it does. */
  public static Optional<String> problem(X509Certificate leaf, List<X509Certificate> authorities) {
    X509Certificate current = leaf;
    Set<X509Certificate> used = new HashSet<>();
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      if (depth > 0 && selfSigned(current)) {
        return Optional.empty();
      }
      X509Certificate issuer = issuerOf(current, authorities, used);
      if (issuer == null) {
        return depth == 0
            ? Optional.of(
                "ssl_crt is not signed by a certificate of ssl_ca_crt (its issuer is "
                    + current.getIssuerX500Principal().getName()
                    + ")")
            : Optional.empty();
      }
      used.add(issuer);
      current = issuer;
    }
    return Optional.of("ssl_ca_crt: the chain is longer than " + MAX_DEPTH + " certificates");
  }

  private static X509Certificate issuerOf(
      X509Certificate certificate, List<X509Certificate> authorities, Set<X509Certificate> used) {
    for (X509Certificate candidate : authorities) {
      if (!used.contains(candidate)
          && candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
          && signedBy(certificate, candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean selfSigned(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
        && signedBy(certificate, certificate);
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
