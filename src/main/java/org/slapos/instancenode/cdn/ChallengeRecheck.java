package org.slapos.instancenode.cdn;

import java.time.Duration;

/**
 * When a pending DNS challenge is looked up again: about half the time it has waited so far, within
 * {@code challenge-recheck-min} and {@code challenge-recheck-max}. A record published soon after
 * the token is shown is seen quickly; one forgotten for days costs one lookup per maximum.
 *
 * <p>The delay depends on the time waited, not on a count of attempts: the caller ({@link
 * PendingChallenges}) only has to remember since when an entry waits. From {@code waited = 0} the
 * checks fall at {@code min}, {@code 2 min}, {@code 3 min}, then each about 1.5 times the previous
 * moment ({@code t + t/2}) until the gap reaches {@code max}.
 */
public final class ChallengeRecheck {

  private ChallengeRecheck() {}

  /**
   * The delay before the next lookup of a challenge pending for {@code waited}.
   *
   * @param waited time since the token was issued; negative (clock stepped back) counts as zero
   * @param min the first delay, greater than zero
   * @param max the longest delay, at least {@code min}
   */
  public static Duration nextRecheck(Duration waited, Duration min, Duration max) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "the recheck delays need 0 < min <= max, got min " + min + " and max " + max);
    }
    Duration half = waited.isNegative() ? Duration.ZERO : waited.dividedBy(2);
    if (half.compareTo(min) < 0) {
      return min;
    }
    return half.compareTo(max) > 0 ? max : half;
  }
}
