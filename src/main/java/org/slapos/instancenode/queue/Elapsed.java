package org.slapos.instancenode.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/** Time arithmetic for the metrics the queue reports. */
final class Elapsed {
  private Elapsed() {}

  /** The time from {@code from} to {@code to}; zero if a clock stepped backwards in between. */
  static Duration between(Instant from, Instant to) {
    Duration elapsed = Duration.between(from, to);
    return elapsed.isNegative() ? Duration.ZERO : elapsed;
  }

  /** Sums up how long keys handed out at {@code starts} have been running at {@code now}. */
  static InFlight inFlight(Collection<Instant> starts, Instant now) {
    Duration total = Duration.ZERO;
    Duration longest = Duration.ZERO;
    for (Instant start : starts) {
      Duration running = between(start, now);
      total = total.plus(running);
      if (running.compareTo(longest) > 0) {
        longest = running;
      }
    }
    return new InFlight(starts.size(), total, longest);
  }
}
