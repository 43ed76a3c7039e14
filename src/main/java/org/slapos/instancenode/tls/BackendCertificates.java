package org.slapos.instancenode.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whether the CDN would accept a backend's certificate chain, as a verifying HTTPS client does: the
 * leaf is within its validity dates, the chain leads to one of the given authorities (or to the
 * JDK's system trust store when none is given), and the leaf covers the URL's host (RFC 6125 DNS
 * names, or an IP address entry for an IP literal). Every failure is reported. A pure function of
 * its inputs, apart from reading the system trust store.
 */
public final class BackendCertificates {
  private static final int IP_ADDRESS = 7;

  private BackendCertificates() {}

  /**
   * The reasons {@code chain} (leaf first) would be refused for {@code host}; empty when accepted.
   *
   * @param authorities the certificates of the entry's CA field; empty: the system trust store
   * @param authorityField the field {@code authorities} come from, named in messages
   * @param authType the key exchange of the handshake, as the JSSE trust manager expects it
   */
  public static List<String> problems(
      List<X509Certificate> chain,
      String host,
      List<X509Certificate> authorities,
      String authorityField,
      String authType,
      Instant now) {
    X509Certificate leaf = chain.get(0);
    List<String> problems = new ArrayList<>();
    boolean dated = false;
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      problems.add("the certificate is not valid before " + leaf.getNotBefore().toInstant());
      dated = true;
    } else if (now.isAfter(leaf.getNotAfter().toInstant())) {
      problems.add("the certificate expired on " + leaf.getNotAfter().toInstant());
      dated = true;
    }
    Optional<GeneralSecurityException> untrusted = trust(chain, authorities, authType);
    // A chain refused only for its leaf's dates was already reported as such.
    if (untrusted.isPresent() && !(dated && datesOnly(untrusted.get()))) {
      problems.add(
          authorities.isEmpty()
              ? "its chain is not trusted by the system trust store (issuer "
                  + leaf.getIssuerX500Principal().getName()
                  + "); give the backend's authority in "
                  + authorityField
              : "its chain does not lead to a certificate of "
                  + authorityField
                  + " (issuer "
                  + leaf.getIssuerX500Principal().getName()
                  + ")");
    }
    if (!covers(leaf, host)) {
      problems.add("it does not cover " + host + " (its names: " + names(leaf) + ")");
    }
    return problems;
  }

  private static Optional<GeneralSecurityException> trust(
      List<X509Certificate> chain, List<X509Certificate> authorities, String authType) {
    try {
      KeyStore anchors = null;
      if (!authorities.isEmpty()) {
        anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        for (int i = 0; i < authorities.size(); i++) {
          anchors.setCertificateEntry("authority-" + i, authorities.get(i));
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          x509.checkServerTrusted(chain.toArray(X509Certificate[]::new), authType);
          return Optional.empty();
        }
      }
      throw new IllegalStateException("the JDK offers no X.509 trust manager");
    } catch (GeneralSecurityException e) {
      return Optional.of(e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot build a trust store in memory", e);
    }
  }

  private static boolean datesOnly(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof CertificateExpiredException
          || cause instanceof CertificateNotYetValidException
          || cause instanceof CertPathValidatorException validator
              && (validator.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                  || validator.getReason()
                      == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
        return true;
      }
    }
    return false;
  }

  private static boolean covers(X509Certificate leaf, String host) {
    Optional<InetAddress> literal = ipLiteral(host);
    if (literal.isEmpty()) {
      return NameCoverage.covers(NameCoverage.dnsNames(leaf), host);
    }
    return ipAddresses(leaf).stream()
        .map(BackendCertificates::ipLiteral)
        .flatMap(Optional::stream)
        .anyMatch(literal.get()::equals);
  }

  private static String names(X509Certificate leaf) {
    List<String> names = new ArrayList<>(NameCoverage.dnsNames(leaf));
    names.addAll(ipAddresses(leaf));
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private static List<String> ipAddresses(X509Certificate leaf) {
    List<String> addresses = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          if (alternative.size() >= 2
              && alternative.get(0) instanceof Integer type
              && type == IP_ADDRESS
              && alternative.get(1) instanceof String address) {
            addresses.add(address);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // A malformed extension covers nothing.
    }
    return addresses;
  }

  /** The address {@code host} spells, when it is an IPv4 or IPv6 literal; never a lookup. */
  static Optional<InetAddress> ipLiteral(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
      return Optional.empty();
    }
    try {
      // A literal is parsed, never resolved: getByName resolves only names.
      return Optional.of(InetAddress.getByName(bare));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
