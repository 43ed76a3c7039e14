package org.slapos.instancenode.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Liveness of the daemon loop: the loop calls {@link #beat()} once per pass, and the loop is alive
 * while its last beat (or, before the first, the creation of this object) is younger than the
 * bound. A loop stuck in a pass, or dead, stops beating and turns {@code /healthz} to 503.
 *
 * <p>Thread-safe.
 */
public final class LoopHeartbeat implements Probe {
  private final Clock clock;
  private final Duration bound;
  private volatile Instant last;
  private volatile boolean beaten;

  /**
   * @param bound how long the loop may go without beating, for example a few resync periods; a pass
   *     must fit in it
   */
  public LoopHeartbeat(Clock clock, Duration bound) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.bound = Objects.requireNonNull(bound, "bound");
    if (bound.isNegative() || bound.isZero()) {
      throw new IllegalArgumentException("heartbeat bound must be positive: " + bound);
    }
    last = clock.instant();
  }

  /** The loop is alive now. */
  public void beat() {
    last = clock.instant();
    beaten = true;
  }

  @Override
  public boolean ok() {
    return silence().compareTo(bound) < 0;
  }

  @Override
  public String detail() {
    String since = beaten ? "last loop heartbeat " : "no loop heartbeat since start ";
    return since + silence().toSeconds() + " s ago (bound " + bound.toSeconds() + " s)";
  }

  private Duration silence() {
    return Duration.between(last, clock.instant());
  }
}
