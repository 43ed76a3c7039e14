package org.slapos.instancenode.reconcile;

/**
 * Converges one entry, named by its reference, towards its desired state.
 *
 * <p>Level-triggered: each call re-reads the latest desired entry and the observed state and
 * decides from them alone, never from whatever queued the reference. Calling it again on an
 * unchanged entry writes nothing and calls nothing on the master.
 *
 * <p>Called from several worker threads, but never for the same reference on two threads at once.
 */
@FunctionalInterface
public interface Reconciler {

  /**
   * Reconciles {@code reference}.
   *
   * @return {@link Result#done()}, or {@link Result#requeueAfter} to be called again later (waiting
   *     for something outside, such as a user's DNS record, is not an error)
   * @throws TerminalException when retrying cannot help; the failure is recorded, not retried
   * @throws Exception for a transient failure: the reference is retried with a rate-limited backoff
   */
  Result reconcile(String reference) throws Exception;
}
