package org.slapos.instancenode.tls;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.slapos.instancenode.tls.CertificateFacts.Kind;
import org.slapos.instancenode.tls.CertificateFacts.Leaf;
import org.slapos.instancenode.tls.CertificateFacts.Problem;

/**
 * Finds the {@link CertificateFacts} of an entry's certificate parameters. Pure and thread-safe; it
 * parses, so callers cache its answer by parameter hash.
 *
 * <p>Checked: the backend authorities ({@code ssl_proxy_ca_crt}, {@code
 * health-check-failover-ssl-proxy-ca-crt}) parse; {@code ssl_ca_crt} comes with {@code ssl_crt} and
 * {@code ssl_key}; {@code ssl_key} parses, is not encrypted and matches {@code ssl_crt}; {@code
 * ssl_crt} holds exactly one end-entity certificate (the only one, or the only non-authority among
 * several), which verifies against {@code ssl_ca_crt} when given, has no RSA key under 2048 bits
 * nor an MD5 or SHA-1 signature, and covers every host name the entry serves.
 */
public final class CertificateInspector {
  public static final String SSL_CRT = "ssl_crt";
  public static final String SSL_KEY = "ssl_key";
  public static final String SSL_CA_CRT = "ssl_ca_crt";
  public static final String SSL_PROXY_CA_CRT = "ssl_proxy_ca_crt";
  public static final String FAILOVER_SSL_PROXY_CA_CRT = "health-check-failover-ssl-proxy-ca-crt";
  static final int MIN_RSA_BITS = 2048;

  /**
   * The certificate parameters of one entry (null or blank: not given).
   *
   * @param hosts the host names the entry serves: {@code custom_domain} and each alias
   */
  public record Input(
      String sslCrt,
      String sslKey,
      String sslCaCrt,
      String sslProxyCaCrt,
      String failoverSslProxyCaCrt,
      List<String> hosts) {

    public boolean isEmpty() {
      return blank(sslCrt)
          && blank(sslKey)
          && blank(sslCaCrt)
          && blank(sslProxyCaCrt)
          && blank(failoverSslProxyCaCrt);
    }
  }

  private CertificateInspector() {}

  public static CertificateFacts inspect(Input input) {
    if (input.isEmpty()) {
      return CertificateFacts.NONE;
    }
    List<Problem> problems = new ArrayList<>();
    authorities(SSL_PROXY_CA_CRT, input.sslProxyCaCrt(), problems);
    authorities(FAILOVER_SSL_PROXY_CA_CRT, input.failoverSslProxyCaCrt(), problems);
    if (!blank(input.sslCaCrt()) && (blank(input.sslCrt()) || blank(input.sslKey()))) {
      problems.add(
          new Problem(
              Kind.TRIO_INCOMPLETE,
              SSL_CA_CRT
                  + " is given, so "
                  + SSL_CRT
                  + " and "
                  + SSL_KEY
                  + " are required: give both, or remove "
                  + SSL_CA_CRT));
    }
    List<X509Certificate> chain =
        blank(input.sslCaCrt())
            ? List.of()
            : authorities(SSL_CA_CRT, input.sslCaCrt(), problems).orElse(null);
    PrivateKeyInfo key = blank(input.sslKey()) ? null : key(input.sslKey(), problems);
    Optional<X509Certificate> leaf =
        blank(input.sslCrt()) ? Optional.empty() : leaf(input.sslCrt(), problems);
    leaf.ifPresent(
        certificate -> {
          if (key != null) {
            match(key, certificate, problems);
          }
          if (chain != null && !chain.isEmpty()) {
            List<X509Certificate> pool = new ArrayList<>(chain);
            pool.addAll(extraCertificates(input.sslCrt(), certificate));
            Chains.problem(certificate, pool)
                .ifPresent(why -> problems.add(new Problem(Kind.INVALID, why)));
          }
          weakness(certificate, problems);
          names(certificate, input.hosts(), problems);
        });
    return new CertificateFacts(
        problems,
        leaf.map(
            c ->
                new Leaf(
                    c.getSubjectX500Principal().getName(),
                    c.getNotBefore().toInstant(),
                    c.getNotAfter().toInstant())));
  }

  private static Optional<List<X509Certificate>> authorities(
      String field, String text, List<Problem> problems) {
    if (blank(text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Pem.certificates(field, text, Pem.CHAIN_BYTES));
    } catch (TlsInputException e) {
      problems.add(new Problem(Kind.INVALID, e.getMessage()));
      return Optional.empty();
    }
  }

  private static PrivateKeyInfo key(String text, List<Problem> problems) {
    try {
      return Pem.privateKey(SSL_KEY, text);
    } catch (TlsInputException e) {
      problems.add(new Problem(Kind.INVALID, e.getMessage()));
      return null;
    }
  }

  private static Optional<X509Certificate> leaf(String text, List<Problem> problems) {
    List<X509Certificate> certificates;
    try {
      certificates = Pem.certificates(SSL_CRT, text, Pem.CERTIFICATE_BYTES);
    } catch (TlsInputException e) {
      problems.add(new Problem(Kind.INVALID, e.getMessage()));
      return Optional.empty();
    }
    if (certificates.size() == 1) {
      return Optional.of(certificates.get(0));
    }
    List<X509Certificate> leaves =
        certificates.stream().filter(c -> c.getBasicConstraints() < 0).toList();
    if (leaves.size() != 1) {
      problems.add(
          new Problem(
              Kind.INVALID,
              SSL_CRT
                  + " holds "
                  + leaves.size()
                  + " end-entity certificates among "
                  + certificates.size()
                  + ": give exactly one, optionally followed by its intermediate authorities"));
      return Optional.empty();
    }
    return Optional.of(leaves.get(0));
  }

  /** The certificates of {@code ssl_crt} besides its leaf: intermediates given with it. */
  private static List<X509Certificate> extraCertificates(String text, X509Certificate leaf) {
    try {
      return Pem.certificates(SSL_CRT, text, Pem.CERTIFICATE_BYTES).stream()
          .filter(c -> !c.equals(leaf))
          .toList();
    } catch (TlsInputException e) {
      return List.of();
    }
  }

  private static void match(PrivateKeyInfo key, X509Certificate leaf, List<Problem> problems) {
    try {
      if (!KeyMatch.matches(SSL_KEY, key, leaf)) {
        problems.add(
            new Problem(
                Kind.KEY_MISMATCH,
                SSL_KEY
                    + " is not the key of "
                    + SSL_CRT
                    + " ("
                    + leaf.getSubjectX500Principal().getName()
                    + "): give the private key the certificate was issued for"));
      }
    } catch (TlsInputException e) {
      problems.add(new Problem(Kind.INVALID, e.getMessage()));
    }
  }

  private static void weakness(X509Certificate leaf, List<Problem> problems) {
    if (leaf.getPublicKey() instanceof RSAPublicKey rsa
        && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      problems.add(
          new Problem(
              Kind.INVALID,
              SSL_CRT
                  + " has a "
                  + rsa.getModulus().bitLength()
                  + "-bit RSA key: at least "
                  + MIN_RSA_BITS
                  + " bits are required"));
    }
    String algorithm = leaf.getSigAlgName().toUpperCase(Locale.ROOT);
    if (algorithm.contains("MD5") || algorithm.contains("MD2") || algorithm.contains("SHA1")) {
      problems.add(
          new Problem(
              Kind.INVALID,
              SSL_CRT
                  + " is signed with "
                  + leaf.getSigAlgName()
                  + ", which clients refuse: have it reissued with SHA-256 or better"));
    }
  }

  private static void names(X509Certificate leaf, List<String> hosts, List<Problem> problems) {
    List<String> dnsNames = NameCoverage.dnsNames(leaf);
    for (String host : hosts) {
      if (!NameCoverage.covers(dnsNames, host)) {
        problems.add(
            new Problem(
                Kind.NAME_MISMATCH,
                SSL_CRT
                    + " does not cover "
                    + host
                    + (dnsNames.isEmpty()
                        ? ": it has no subjectAltName DNS name"
                        : ": its names are " + String.join(", ", dnsNames))));
      }
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
