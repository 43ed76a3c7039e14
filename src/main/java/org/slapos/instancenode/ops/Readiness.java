package org.slapos.instancenode.ops;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Readiness of the node: ready once a pass has completed, while the last pass succeeded and the
 * stores are writable. Before the first pass the stored state may be stale, so readers should wait.
 * The detail gives the true reason, checked in this order: {@code the first pass has not
 * completed}, {@code the stores are not writable}, {@code the last pass failed: <why>}.
 *
 * <p>Thread-safe.
 */
public final class Readiness implements Probe {
  private final BooleanSupplier storesWritable;
  private volatile boolean passEnded;
  // Why the last pass failed; empty when it succeeded.
  private volatile Optional<String> lastFailure = Optional.empty();

  /**
   * @param storesWritable asked on each readiness check; must be quick and thread-safe
   */
  public Readiness(BooleanSupplier storesWritable) {
    this.storesWritable = Objects.requireNonNull(storesWritable, "storesWritable");
  }

  /** A pass succeeded; called by the engine after each. */
  public void passSucceeded() {
    lastFailure = Optional.empty();
    passEnded = true;
  }

  /**
   * A pass failed; called by the engine after each.
   *
   * @param why one line, shown on {@code /readyz}: the failure's message, never a secret
   */
  public void passFailed(String why) {
    lastFailure = Optional.of(Objects.requireNonNull(why, "why"));
    passEnded = true;
  }

  @Override
  public boolean ok() {
    return passEnded && lastFailure.isEmpty() && storesWritable.getAsBoolean();
  }

  @Override
  public String detail() {
    if (!passEnded) {
      return "the first pass has not completed";
    }
    if (!storesWritable.getAsBoolean()) {
      return "the stores are not writable";
    }
    return lastFailure.map(why -> "the last pass failed: " + why).orElse("ready");
  }
}
