package org.slapos.instancenode.master;

import java.time.Duration;

/** Settings with millisecond backoffs, for tests. */
public final class GuardSettings {
  static final Duration OPEN_WAIT = Duration.ofSeconds(30);

  private GuardSettings() {}

  /** 3 attempts, a breaker over 4 attempts opening at 50 %, a generous rate limit. */
  public static MasterSettings fast() {
    return withRate(1000, 1000, Duration.ofSeconds(5));
  }

  /** {@link #fast()} with this rate limit. */
  static MasterSettings withRate(double qps, int burst, Duration permitTimeout) {
    return new MasterSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        3,
        Duration.ofMillis(1),
        2.0,
        0.5,
        Duration.ofMillis(4),
        4,
        4,
        50f,
        OPEN_WAIT,
        qps,
        burst,
        permitTimeout);
  }

  /** {@link #fast()} with a single attempt per call. */
  static MasterSettings singleAttempt() {
    MasterSettings s = fast();
    return new MasterSettings(
        s.connectTimeout(),
        s.callTimeout(),
        1,
        s.initialBackoff(),
        s.backoffMultiplier(),
        s.backoffJitter(),
        s.maxBackoff(),
        s.breakerWindow(),
        s.breakerMinimumCalls(),
        s.breakerFailureRate(),
        s.breakerOpenWait(),
        s.qps(),
        s.burst(),
        s.permitTimeout());
  }
}
