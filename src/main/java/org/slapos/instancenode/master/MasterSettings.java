package org.slapos.instancenode.master;

import java.time.Duration;
import java.util.Objects;
import org.slapos.instancenode.time.Deadline;

/**
 * Timeouts and resilience settings of master calls. Production uses {@link #defaults(double, int)};
 * tests shrink the intervals.
 *
 * @param connectTimeout TCP and TLS connection set-up
 * @param callTimeout one HTTP request, from sending to the end of the answer
 * @param maxAttempts attempts per call, the first included (retries happen on {@link
 *     MasterUnavailableException} only)
 * @param initialBackoff wait before the first retry; later waits grow by {@code backoffMultiplier}
 *     and each is randomized by plus or minus {@code backoffJitter} (a fraction)
 * @param backoffMultiplier growth of the wait between retries
 * @param backoffJitter randomization factor of each wait, in [0, 1)
 * @param maxBackoff cap of one wait
 * @param breakerWindow the number of last attempts the breaker's failure rate is computed over
 * @param breakerMinimumCalls attempts needed before the breaker may open
 * @param breakerFailureRate percentage of failed attempts in the window that opens the breaker
 * @param breakerOpenWait how long the breaker stays open before letting one probe through
 * @param qps {@code master-qps}: mean attempts per second
 * @param burst {@code master-burst}: attempts allowed at once
 * @param permitTimeout how long a call waits for a rate-limiter permit before giving up
 * @param deadline when the run must be over (a run-once's, {@link Deadline#NONE} for the daemon):
 *     no attempt starts past it, and an attempt's request timeout and the backoff before a retry
 *     are each cut to what is left of it
 */
public record MasterSettings(
    Duration connectTimeout,
    Duration callTimeout,
    int maxAttempts,
    Duration initialBackoff,
    double backoffMultiplier,
    double backoffJitter,
    Duration maxBackoff,
    int breakerWindow,
    int breakerMinimumCalls,
    float breakerFailureRate,
    Duration breakerOpenWait,
    double qps,
    int burst,
    Duration permitTimeout,
    Deadline deadline) {

  public MasterSettings {
    Objects.requireNonNull(deadline, "deadline");
    if (maxAttempts < 1 || breakerWindow < 1 || breakerMinimumCalls < 1 || burst < 1) {
      throw new IllegalArgumentException("attempts, window, minimum calls and burst must be >= 1");
    }
    if (!(qps > 0)) {
      throw new IllegalArgumentException("qps must be > 0, was " + qps);
    }
  }

  /**
   * Production settings: 10 s to connect, 30 s per request, 3 attempts with waits of about 0.5 s
   * then 1 s (plus or minus 50 %), a breaker over the last 10 attempts that opens at 50 % failures
   * (at least 5 attempts) and probes every 30 s, a permit wait of up to 30 s, and no deadline.
   */
  public static MasterSettings defaults(double qps, int burst) {
    return new MasterSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        3,
        Duration.ofMillis(500),
        2.0,
        0.5,
        Duration.ofSeconds(10),
        10,
        5,
        50f,
        Duration.ofSeconds(30),
        qps,
        burst,
        Duration.ofSeconds(30),
        Deadline.NONE);
  }

  /** These settings with {@code deadline} (a run-once's). */
  public MasterSettings within(Deadline deadline) {
    return new MasterSettings(
        connectTimeout,
        callTimeout,
        maxAttempts,
        initialBackoff,
        backoffMultiplier,
        backoffJitter,
        maxBackoff,
        breakerWindow,
        breakerMinimumCalls,
        breakerFailureRate,
        breakerOpenWait,
        qps,
        burst,
        permitTimeout,
        deadline);
  }

  /**
   * One attempt's request timeout: {@code callTimeout}, or what is left of the deadline when that
   * is shorter, and at least 1 ms (the JDK refuses a zero timeout; {@link MasterGuard} starts no
   * attempt once the deadline is reached).
   */
  public Duration requestTimeout() {
    Duration bounded = deadline.bound(callTimeout);
    return bounded.isZero() ? Duration.ofMillis(1) : bounded;
  }

  /** The backoff {@code wait} before a retry, cut to what is left of the deadline (maybe zero). */
  public Duration backoff(Duration wait) {
    return deadline.bound(wait);
  }

  /**
   * The rate limiter's refresh period. Resilience4j's limiter hands out a fixed number of permits
   * per period and does not carry unused ones over, so {@code burst} permits every {@code
   * burst/qps} seconds gives a mean of {@code qps} per second with bursts of up to {@code burst}
   * (at most twice that across a period boundary).
   */
  public Duration refreshPeriod() {
    return Duration.ofNanos(Math.max(1, Math.round(burst / qps * 1e9)));
  }
}
