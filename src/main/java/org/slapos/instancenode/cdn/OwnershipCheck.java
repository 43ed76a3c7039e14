package org.slapos.instancenode.cdn;

/**
 * The pre-deploy step that proves the entry's user controls its custom domain. Unlike a {@link
 * Check} it reads and writes the domain DB and asks DNS, so it runs once per reconcile after the
 * pure checks. Implementations are thread-safe.
 */
@FunctionalInterface
public interface OwnershipCheck {
  /** Every entry may use its domain: for nodes that do not gate domains, and for tests. */
  OwnershipCheck NONE = entry -> Ownership.proven();

  /**
   * @throws ChallengeUnavailableException when DNS gave no usable answer: the entry's state must
   *     not change, the reconcile is retried
   */
  Ownership check(EntrySnapshot entry) throws ChallengeUnavailableException;

  /**
   * {@code reference} left the desired state, is stopped or is refused by the schema: its challenge
   * is not pending any more, drop its re-check schedule.
   */
  default void forget(String reference) {}
}
