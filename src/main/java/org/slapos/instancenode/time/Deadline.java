package org.slapos.instancenode.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The moment by which a run must be over, on a given clock, or {@link #NONE} (the daemon: never).
 * Whatever waits (a DNS question, a retry's backoff, a probe) asks it how long it may wait: {@link
 * #bound(Duration)} shortens a timeout to what is left, {@link #allows(Duration)} says whether work
 * that takes up to a duration can still end in time. Immutable and thread-safe.
 */
public final class Deadline {
  /** No deadline: never reached, bounds nothing. */
  public static final Deadline NONE = new Deadline(null, Duration.ZERO, null);

  private final Instant at;
  private final Duration budget;
  private final InstantSource clock;

  private Deadline(Instant at, Duration budget, InstantSource clock) {
    this.at = at;
    this.budget = budget;
    this.clock = clock;
  }

  /**
   * A deadline {@code budget} from now by {@code clock}.
   *
   * @throws IllegalArgumentException when {@code budget} is not positive
   */
  public static Deadline after(Duration budget, InstantSource clock) {
    Objects.requireNonNull(clock, "clock");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("a deadline's budget must be positive: " + budget);
    }
    return new Deadline(clock.instant().plus(budget), budget, clock);
  }

  /** Whether the deadline has come (never for {@link #NONE}). */
  public boolean reached() {
    return at != null && !clock.instant().isBefore(at);
  }

  /**
   * {@code timeout}, or what is left before the deadline when that is shorter: zero once it is
   * reached.
   */
  public Duration bound(Duration timeout) {
    if (at == null) {
      return timeout;
    }
    Duration left = Duration.between(clock.instant(), at);
    if (left.isNegative()) {
      return Duration.ZERO;
    }
    return left.compareTo(timeout) < 0 ? left : timeout;
  }

  /** Whether work that takes up to {@code work} started now ends by the deadline. */
  public boolean allows(Duration work) {
    return bound(work).equals(work) && !reached();
  }

  /** The whole budget this deadline was given: for messages ({@code 50 s}); zero for NONE. */
  public Duration budget() {
    return budget;
  }

  @Override
  public String toString() {
    return at == null ? "no deadline" : "deadline " + at + " (" + budget + " budget)";
  }
}
