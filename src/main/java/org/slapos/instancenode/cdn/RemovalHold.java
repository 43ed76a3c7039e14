package org.slapos.instancenode.cdn;

import java.util.Set;

/**
 * Entries whose disappearance is held back: a listing that drops more than half of the known
 * entries at once is far likelier a broken source than users leaving, so their removal waits for
 * the next listing to confirm it. Until then the lifecycle treats them as still present.
 * Thread-safe.
 */
public final class RemovalHold {
  private volatile Set<String> held = Set.of();

  /** Holds exactly {@code references}, replacing what was held. */
  public void hold(Set<String> references) {
    held = Set.copyOf(references);
  }

  public void release() {
    held = Set.of();
  }

  public boolean isHeld(String reference) {
    return held.contains(reference);
  }
}
