package org.slapos.instancenode.ops;

import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * Liveness of the workers: failing once workers have died and none is left to reconcile, so that
 * {@code /healthz} turns 503 and the supervisor restarts the process. Thread-safe.
 */
public final class WorkersAlive implements Probe {
  private final IntSupplier alive;
  private final IntSupplier deaths;

  /**
   * @param alive the number of worker threads running now
   * @param deaths how many workers died of an error so far
   */
  public WorkersAlive(IntSupplier alive, IntSupplier deaths) {
    this.alive = Objects.requireNonNull(alive, "alive");
    this.deaths = Objects.requireNonNull(deaths, "deaths");
  }

  @Override
  public boolean ok() {
    // Before the start and after a clean stop no worker runs, and none died: that is healthy.
    return alive.getAsInt() > 0 || deaths.getAsInt() == 0;
  }

  @Override
  public String detail() {
    return alive.getAsInt() + " workers alive, " + deaths.getAsInt() + " died of an error";
  }

  /** Passes when both pass; the detail is the failing one's (the first's when both pass). */
  public static Probe both(Probe first, Probe second) {
    return new Probe() {
      @Override
      public boolean ok() {
        return first.ok() && second.ok();
      }

      @Override
      public String detail() {
        return first.ok() ? second.detail() : first.detail();
      }
    };
  }
}
