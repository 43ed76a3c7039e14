package org.slapos.instancenode.cdn;

import java.time.Duration;
import java.util.Optional;

/**
 * What the domain-ownership step found for one entry.
 *
 * @param failure empty when the entry may use its custom domain (or has none)
 * @param recheckAfter when to look again: set for a pending challenge only
 */
public record Ownership(Optional<CheckFailure> failure, Optional<Duration> recheckAfter) {

  public static Ownership proven() {
    return new Ownership(Optional.empty(), Optional.empty());
  }

  /** A failure that waiting cannot fix (a conflict): no recheck of its own. */
  public static Ownership refused(CheckFailure failure) {
    return new Ownership(Optional.of(failure), Optional.empty());
  }

  public static Ownership pending(CheckFailure failure, Duration recheckAfter) {
    return new Ownership(Optional.of(failure), Optional.of(recheckAfter));
  }
}
