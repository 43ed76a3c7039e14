package org.slapos.instancenode.tls;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one live probe of a backend saw. Only {@link Result#TRUSTED} and {@link Result#UNTRUSTED}
 * are conclusive: the other results say the backend was not probed and must never change an entry's
 * validity. Immutable; holds no key material.
 *
 * @param result the outcome, also the {@code result} label of {@code
 *     instancenode_backend_probes_total}
 * @param problems why the CDN would refuse the certificate (untrusted), or why nothing was probed
 *     (unreachable, skipped-private); empty when trusted
 * @param subject the backend certificate's subject, when one was received
 * @param notAfter the backend certificate's expiry, when one was received
 */
public record BackendProbe(
    Result result, List<String> problems, Optional<String> subject, Optional<Instant> notAfter) {

  public BackendProbe {
    Objects.requireNonNull(result, "result");
    problems = List.copyOf(problems);
  }

  /** The outcome of a probe; {@link #label()} is its metric label and stored name. */
  public enum Result {
    TRUSTED("trusted"),
    UNTRUSTED("untrusted"),
    UNREACHABLE("unreachable"),
    SKIPPED_PRIVATE("skipped-private");

    private final String label;

    Result(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Whether this result says something about the certificate. */
    public boolean conclusive() {
      return this == TRUSTED || this == UNTRUSTED;
    }

    /** The result of {@code label}. */
    public static Result of(String label) {
      for (Result result : values()) {
        if (result.label.equals(label)) {
          return result;
        }
      }
      throw new IllegalArgumentException("unknown probe result: " + label);
    }
  }

  /** The backend could not be probed (refused, reset, timed out, not resolved, not TLS). */
  public static BackendProbe notProbed(Result why, String problem) {
    if (why.conclusive()) {
      throw new IllegalArgumentException(why + " is a conclusive result");
    }
    return new BackendProbe(why, List.of(problem), Optional.empty(), Optional.empty());
  }

  /** A one-line description: what failed, with the certificate's subject and expiry. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    if (!result.conclusive()) {
      text.append("not probed: ").append(String.join("; ", problems));
      return text.toString();
    }
    text.append(result == Result.TRUSTED ? "trusted" : String.join("; ", problems));
    subject.ifPresent(s -> text.append(" (certificate ").append(s));
    notAfter.ifPresent(
        at -> text.append(subject.isPresent() ? ", " : " (").append("expires ").append(at));
    if (subject.isPresent() || notAfter.isPresent()) {
      text.append(')');
    }
    return text.toString();
  }
}
