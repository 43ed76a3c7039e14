package org.slapos.instancenode.tls;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an entry's certificate parameters are, found once per parameter hash: every problem that
 * does not depend on the time, and the served certificate's validity dates for the checks that do.
 * Holds no key material. Immutable.
 *
 * @param problems in the order found
 * @param leaf the certificate of {@code ssl_crt} the CDN would serve, when it has exactly one
 */
public record CertificateFacts(List<Problem> problems, Optional<Leaf> leaf) {

  public CertificateFacts {
    problems = List.copyOf(problems);
  }

  public static final CertificateFacts NONE = new CertificateFacts(List.of(), Optional.empty());

  /** What kind of problem: each maps to one reason code of the checks. */
  public enum Kind {
    INVALID,
    KEY_MISMATCH,
    NAME_MISMATCH,
    TRIO_INCOMPLETE
  }

  /** One problem, with the message the user reads (naming the field). */
  public record Problem(Kind kind, String message) {}

  /** The served certificate: its subject and validity window. */
  public record Leaf(String subject, Instant notBefore, Instant notAfter) {}
}
