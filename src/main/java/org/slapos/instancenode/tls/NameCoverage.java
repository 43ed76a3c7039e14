package org.slapos.instancenode.tls;

import java.net.IDN;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which host names a certificate covers, by RFC 6125: only its subjectAltName DNS names count (a
 * certificate without one covers nothing, whatever its common name), compared without case and
 * trailing dot; a wildcard {@code *.example.com} matches exactly one leftmost label ({@code
 * www.example.com}, not {@code example.com} nor {@code a.b.example.com}), and a partial wildcard
 * ({@code w*.example.com}) only itself. A wildcard name asked for ({@code *.example.com} as a
 * {@code server-alias}) needs the same wildcard in the certificate.
 */
public final class NameCoverage {
  private static final int DNS_NAME = 2;

  private NameCoverage() {}

  /** The certificate's subjectAltName DNS names, normalised. */
  public static List<String> dnsNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          if (alternative.size() >= 2
              && alternative.get(0) instanceof Integer type
              && type == DNS_NAME
              && alternative.get(1) instanceof String name) {
            names.add(normalise(name));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // A malformed extension covers nothing.
    }
    return names;
  }

  /** Whether one of {@code dnsNames} (normalised) covers {@code host}. */
  public static boolean covers(List<String> dnsNames, String host) {
    String name = normalise(host);
    for (String san : dnsNames) {
      if (san.equals(name)) {
        return true;
      }
      if (san.startsWith("*.") && !name.startsWith("*.")) {
        int dot = name.indexOf('.');
        if (dot > 0 && name.substring(dot + 1).equals(san.substring(2))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String normalise(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    try {
      return IDN.toASCII(lower, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return lower;
    }
  }
}
