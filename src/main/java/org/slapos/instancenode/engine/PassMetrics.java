package org.slapos.instancenode.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * What the engine reports about passes and entries, mapped by an adapter to the {@code
 * instancenode_*} metrics of ARCHITECTURE.md section 8. Implementations must be thread-safe and
 * quick; the default methods do nothing.
 */
public interface PassMetrics {
  PassMetrics NONE = new PassMetrics() {};

  /**
   * A pass ended.
   *
   * @param took how long listing, diffing and enqueueing took (not the reconciles it queued)
   * @param succeeded false when the desired state could not be listed or a store failed
   * @param at when it ended
   */
  default void passFinished(Duration took, boolean succeeded, Instant at) {}

  /** How many pending DNS challenges are not due yet, as a pass starts planning. */
  default void challengesWaiting(int waiting) {}

  /** A bang of the host instance was sent ({@code sent}) or failed. */
  default void bang(boolean sent) {}

  /** A bang of the host instance was only logged: no master is configured. */
  default void bangLogged() {}
}
