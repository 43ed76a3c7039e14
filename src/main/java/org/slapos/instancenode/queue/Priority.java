package org.slapos.instancenode.queue;

/**
 * How urgently a pending key should be handed out.
 *
 * <p>A {@link #LOW} key is handed out only when no {@link #NORMAL} key is pending, so that the
 * periodic resync of every entry never delays the keys that changed. Adding a key that is already
 * pending as {@code LOW} with {@code NORMAL} promotes it; the reverse never demotes it.
 */
public enum Priority {
  /** A key whose desired or observed state changed, or a retry: handed out first. */
  NORMAL,
  /** A key queued only because of a periodic resync: handed out when nothing else waits. */
  LOW
}
