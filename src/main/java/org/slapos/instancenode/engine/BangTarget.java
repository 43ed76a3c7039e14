package org.slapos.instancenode.engine;

/**
 * Where {@link BangCoordinator} sends a bang of the host instance ({@code
 * slapos.put.v0.software_instance_bang}), so that SlapOS reprocesses it with the new states of its
 * shared instances. Implemented by the master client.
 *
 * <p>Called from one thread at a time. An implementation reports failure by throwing: a checked
 * exception is an expected failure (master unreachable, refused, circuit open), logged with its
 * message only; an unchecked one is taken for a bug and logged with its stack trace. Either way the
 * bang stays owed and is retried.
 */
@FunctionalInterface
public interface BangTarget {
  /**
   * Sends one bang of the host instance.
   *
   * @param message why, as shown to the instance's owner in the master
   * @throws Exception when the bang was not (or may not have been) accepted
   */
  void bang(String message) throws Exception;

  /**
   * Whether a bang reaches a master; false for a node with no master configured, whose bangs are
   * only logged (and counted as {@code logged}, never {@code sent}).
   */
  default boolean reachesMaster() {
    return true;
  }
}
