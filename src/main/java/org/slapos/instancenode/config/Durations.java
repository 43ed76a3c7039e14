package org.slapos.instancenode.config;

import java.time.Duration;

/** Durations as the configuration writes them ({@code 90s}, {@code 5m}), for command lines too. */
public final class Durations {
  private Durations() {}

  /**
   * A duration greater than zero: seconds, or a number with unit ms, s, m, h or d.
   *
   * @throws IllegalArgumentException saying what is expected
   */
  public static Duration positive(String text) {
    return ConfigValues.positiveDuration(text.strip());
  }
}
