package org.slapos.instancenode.cdn;

import org.slapos.instancenode.reconcile.TransientFailure;

/**
 * DNS gave no usable answer for an entry's challenge (SERVFAIL, REFUSED, timeout): a transient
 * failure that changes no entry's state; the reconcile is retried with backoff.
 */
public final class ChallengeUnavailableException extends Exception implements TransientFailure {
  private final String brief;

  /**
   * @param why the whole story, naming the question asked
   * @param brief the same without the question ({@code timeout from 127.0.0.1:53})
   */
  public ChallengeUnavailableException(String reference, String why, String brief) {
    super(
        "cannot check the DNS challenge of entry " + reference + " now: " + why,
        null,
        false,
        false);
    this.brief = brief;
  }

  /** {@code DNS did not answer (timeout from 127.0.0.1:53)}. */
  @Override
  public String why() {
    return "DNS did not answer (" + brief + ")";
  }
}
