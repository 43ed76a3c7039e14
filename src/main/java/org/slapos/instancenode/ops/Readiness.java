package org.slapos.instancenode.ops;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Readiness of the node: ready once the first pass has completed and while the stores are writable.
 * Before the first pass the stored state may be stale, so readers should wait.
 *
 * <p>Thread-safe.
 */
public final class Readiness implements Probe {
  private final BooleanSupplier storesWritable;
  private volatile boolean firstPassDone;

  /**
   * @param storesWritable asked on each readiness check; must be quick and thread-safe
   */
  public Readiness(BooleanSupplier storesWritable) {
    this.storesWritable = Objects.requireNonNull(storesWritable, "storesWritable");
  }

  /** A pass completed; called by the engine after each successful pass (only the first matters). */
  public void passCompleted() {
    firstPassDone = true;
  }

  @Override
  public boolean ok() {
    return firstPassDone && storesWritable.getAsBoolean();
  }

  @Override
  public String detail() {
    if (!firstPassDone) {
      return "the first pass has not completed yet";
    }
    return storesWritable.getAsBoolean() ? "ready" : "the stores are not writable";
  }
}
