package org.slapos.instancenode.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code challenge_schedule}: when a pending DNS challenge is looked up next.
 *
 * @param instanceReference the entry reference (primary key)
 * @param hash the entry's parameter hash the schedule is for: other parameters start it again
 * @param policy the re-check settings it was computed with ({@code challenge-recheck-min} and
 *     {@code -max}): other settings start it again
 * @param since when the entry started waiting: its first pending lookup since the schedule started
 * @param nextCheck when the challenge is due for its next lookup
 * @param attempts pending lookups since {@code since}; 0 after a reset, when the next pending
 *     lookup starts the schedule again
 * @param seen what DNS returned at the last lookup, as shown to the user
 */
public record ChallengeSchedule(
    String instanceReference,
    String hash,
    String policy,
    Instant since,
    Instant nextCheck,
    int attempts,
    String seen) {

  public ChallengeSchedule {
    Objects.requireNonNull(instanceReference, "instanceReference");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(nextCheck, "nextCheck");
    Objects.requireNonNull(seen, "seen");
  }

  /** True when the challenge is not due before {@code now}. */
  public boolean waitingAt(Instant now) {
    return nextCheck.isAfter(now);
  }
}
