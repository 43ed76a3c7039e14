package org.slapos.instancenode.ops;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Liveness of the workers: failing while they cannot make progress (none is left, or every recent
 * reconcile killed its worker, as the controller's {@code wedged()} decides), so that {@code
 * /healthz} turns 503 and the supervisor restarts the process. Workers that die are replaced, so a
 * count of live workers alone would not tell. Thread-safe.
 */
public final class WorkersAlive implements Probe {
  private final BooleanSupplier wedged;
  private final IntSupplier alive;
  private final IntSupplier deaths;
  private final Supplier<String> lastDeath;

  /**
   * @param wedged whether the workers cannot make progress now
   * @param alive the number of worker threads running now
   * @param deaths how many workers died of an error so far
   * @param lastDeath what the last one died of, in words
   */
  public WorkersAlive(
      BooleanSupplier wedged, IntSupplier alive, IntSupplier deaths, Supplier<String> lastDeath) {
    this.wedged = Objects.requireNonNull(wedged, "wedged");
    this.alive = Objects.requireNonNull(alive, "alive");
    this.deaths = Objects.requireNonNull(deaths, "deaths");
    this.lastDeath = Objects.requireNonNull(lastDeath, "lastDeath");
  }

  @Override
  public boolean ok() {
    return !wedged.getAsBoolean();
  }

  @Override
  public String detail() {
    int died = deaths.getAsInt();
    return "the workers cannot make progress: "
        + alive.getAsInt()
        + " workers alive, "
        + died
        + " died of an error"
        + (died == 0 ? "" : " (the last: " + lastDeath.get() + ")")
        + "; restart the process";
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
