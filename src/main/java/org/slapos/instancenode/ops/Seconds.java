package org.slapos.instancenode.ops;

import java.time.Duration;
import java.time.Instant;

/** Durations and instants as the floating-point seconds Prometheus expects. */
final class Seconds {
  private Seconds() {}

  static double of(Duration duration) {
    return duration.getSeconds() + duration.getNano() / 1e9;
  }

  static double sinceEpoch(Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }
}
