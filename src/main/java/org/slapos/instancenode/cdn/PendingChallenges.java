package org.slapos.instancenode.cdn;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slapos.instancenode.store.ChallengeSchedule;
import org.slapos.instancenode.store.ChallengeSchedules;

/**
 * The re-check schedule of pending DNS challenges (see {@link ChallengeRecheck}), kept in the
 * domain DB so that the daemon and every {@code run --once} follow the same one: a challenge is
 * looked up only when it is due. Its schedule starts again when the entry's parameters change, when
 * {@code challenge-recheck-min} or {@code -max} change, on SIGHUP ({@link #resetAll}) and by the
 * {@code recheck} command ({@link ChallengeSchedules#reset}). Thread-safe.
 */
public final class PendingChallenges {
  private final ChallengeSchedules schedules;
  private final Duration min;
  private final Duration max;
  private final String policy;

  /**
   * @param min {@code challenge-recheck-min}
   * @param max {@code challenge-recheck-max}
   */
  public PendingChallenges(ChallengeSchedules schedules, Duration min, Duration max) {
    ChallengeRecheck.nextRecheck(Duration.ZERO, min, max); // checks the bounds
    this.schedules = schedules;
    this.min = min;
    this.max = max;
    this.policy = min + "/" + max;
  }

  /**
   * A challenge that is not due: its lookup is skipped.
   *
   * @param seen what DNS returned at its last lookup
   * @param dueIn until its next lookup, greater than zero
   */
  record Waiting(String seen, Duration dueIn) {}

  /**
   * The schedule of {@code reference}, with parameters {@code hash}, when its challenge is not due
   * at {@code now}; empty when it must be looked up now.
   */
  Optional<Waiting> waiting(String reference, String hash, Instant now) {
    return schedules
        .find(reference)
        .filter(s -> current(s, hash) && s.waitingAt(now))
        .map(s -> new Waiting(s.seen(), Duration.between(now, s.nextCheck())));
  }

  /**
   * Records that a lookup at {@code now} found the challenge of {@code reference} still pending.
   *
   * @param seen what DNS returned, kept to be shown until the next lookup
   * @return the delay until its next lookup
   */
  Duration pending(String reference, String hash, String seen, Instant now) {
    Optional<ChallengeSchedule> was =
        schedules.find(reference).filter(s -> current(s, hash) && s.attempts() > 0);
    Instant since = was.map(ChallengeSchedule::since).orElse(now);
    int attempts = was.map(ChallengeSchedule::attempts).orElse(0) + 1;
    Duration delay = ChallengeRecheck.nextRecheck(Duration.between(since, now), min, max);
    schedules.put(
        new ChallengeSchedule(reference, hash, policy, since, now.plus(delay), attempts, seen));
    return delay;
  }

  /** {@code reference} is no longer pending: validated, refused or gone. */
  void settled(String reference) {
    if (schedules.find(reference).isPresent()) {
      schedules.remove(reference);
    }
  }

  /** Every pending challenge is due now and starts its schedule again: SIGHUP. */
  public int resetAll() {
    return schedules.resetAll();
  }

  private boolean current(ChallengeSchedule schedule, String hash) {
    return schedule.hash().equals(hash) && schedule.policy().equals(policy);
  }
}
