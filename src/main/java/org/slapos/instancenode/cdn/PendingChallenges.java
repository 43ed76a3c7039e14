package org.slapos.instancenode.cdn;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Since when each entry's DNS challenge has been pending, to space its re-checks (see {@link
 * ChallengeRecheck}). The wait starts again when the entry's parameters change, and for every entry
 * on {@link #reset()} (SIGHUP). Kept in memory: a restart re-checks every pending entry once
 * anyway. Thread-safe.
 */
public final class PendingChallenges {
  private record Waiting(String hash, Instant since) {}

  private final ConcurrentMap<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final Duration min;
  private final Duration max;

  /**
   * @param min {@code challenge-recheck-min}
   * @param max {@code challenge-recheck-max}
   */
  public PendingChallenges(Duration min, Duration max) {
    this.min = min;
    this.max = max;
  }

  /** Notes that {@code reference}, with parameters {@code hash}, is pending; the next delay. */
  Duration pending(String reference, String hash, Instant now) {
    Waiting current =
        waiting.compute(
            reference,
            (key, was) -> was != null && was.hash().equals(hash) ? was : new Waiting(hash, now));
    return ChallengeRecheck.nextRecheck(Duration.between(current.since(), now), min, max);
  }

  /** {@code reference} is no longer pending: validated, refused or gone. */
  void settled(String reference) {
    waiting.remove(reference);
  }

  /** Every pending entry starts its schedule again: SIGHUP. */
  public void reset() {
    waiting.clear();
  }
}
