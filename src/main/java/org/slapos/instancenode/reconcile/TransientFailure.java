package org.slapos.instancenode.reconcile;

/**
 * Implemented by the exceptions of failures outside the node that a later attempt may not meet (DNS
 * or the master not answering): the loop retries them with backoff like any other exception, and
 * says why an entry could not be checked in the words of {@link #why()}.
 */
public interface TransientFailure {
  /**
   * What went wrong, in words shared by every entry it hits (no reference, no name of the entry's
   * own), so that entries can be grouped by it: {@code DNS did not answer (timeout from
   * 127.0.0.1:53)}.
   */
  String why();
}
