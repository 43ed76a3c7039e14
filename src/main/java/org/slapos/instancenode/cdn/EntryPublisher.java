package org.slapos.instancenode.cdn;

/**
 * Tells the entry's owner on the master what became of the entry, after its verdict is committed.
 * Implementations send only what differs from what they last sent for the entry, so calling again
 * with the same verdict sends nothing. Thread-safe.
 */
@FunctionalInterface
public interface EntryPublisher {
  /** Publishes nothing: no master, or {@code report-error} off. */
  EntryPublisher NONE = (reference, verdict) -> {};

  /**
   * @throws Exception when the master could not be told; the reconcile is retried later
   */
  void publish(String reference, Verdict verdict) throws Exception;
}
