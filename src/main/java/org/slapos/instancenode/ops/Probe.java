package org.slapos.instancenode.ops;

/** One health check: whether it passes now, and a line saying why. Thread-safe. */
public interface Probe {
  /** Whether the check passes now. */
  boolean ok();

  /**
   * One human-readable line on the current state, shown by the endpoint when the check fails; it
   * may describe a slightly later state than the {@link #ok()} call before it.
   */
  String detail();
}
