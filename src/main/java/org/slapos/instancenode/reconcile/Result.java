package org.slapos.instancenode.reconcile;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What a reconcile asks of the loop: nothing more, or to be called again after a delay. */
public final class Result {
  private static final Result DONE = new Result(null);

  private final Duration requeueAfter;

  private Result(Duration requeueAfter) {
    this.requeueAfter = requeueAfter;
  }

  /** Converged: call again only when something changes (or at the next resync). */
  public static Result done() {
    return DONE;
  }

  /** Call again after {@code delay}, which must be positive. */
  public static Result requeueAfter(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("requeue delay must be positive: " + delay);
    }
    return new Result(delay);
  }

  /** The delay asked for by {@link #requeueAfter}, empty for {@link #done}. */
  public Optional<Duration> requeueAfter() {
    return Optional.ofNullable(requeueAfter);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Result r && Objects.equals(requeueAfter, r.requeueAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(requeueAfter);
  }

  @Override
  public String toString() {
    return requeueAfter == null ? "done" : "requeueAfter(" + requeueAfter + ")";
  }
}
