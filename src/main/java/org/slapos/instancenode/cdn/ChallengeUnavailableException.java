package org.slapos.instancenode.cdn;

/**
 * DNS gave no usable answer for an entry's challenge (SERVFAIL, REFUSED, timeout): a transient
 * failure that changes no entry's state; the reconcile is retried with backoff.
 */
public final class ChallengeUnavailableException extends Exception {
  public ChallengeUnavailableException(String reference, String why) {
    super(
        "cannot check the DNS challenge of entry " + reference + " now: " + why,
        null,
        false,
        false);
  }
}
