package org.slapos.instancenode.reconcile;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * When the writes of a reconcile are committed. The loop marks a reference done, forgets its
 * backoff or requeues it only once what its reconcile wrote is committed, so a crash at any moment
 * loses no verdict the loop treated as done: the reference was simply not done yet, and the next
 * run reconciles it again. A group commit makes many reconciles share one commit this way.
 *
 * <p>Thread-safe.
 */
public interface Commits {

  /** Commits before each write returns: nothing to wait for. */
  Commits IMMEDIATE =
      new Commits() {
        @Override
        public Scope begin() {
          return then -> then.accept(Optional.empty());
        }

        @Override
        public void flush() {}
      };

  /** Starts a reconcile's writes on the calling thread; end the scope on the same thread. */
  Scope begin();

  /** Commits what waits, now: the loop calls it when no reference is ready. */
  void flush();

  /** One reconcile's writes. */
  @FunctionalInterface
  interface Scope {
    /**
     * Ends the reconcile's writes. {@code then} runs once: with empty once every write made so far
     * is committed, or with the failure that lost one; at once, or later on another thread. It must
     * be quick and must not throw.
     */
    void end(Consumer<Optional<? extends RuntimeException>> then);
  }
}
