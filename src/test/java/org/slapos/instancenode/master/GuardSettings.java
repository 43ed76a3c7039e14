package org.slapos.instancenode.master;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slapos.instancenode.time.Deadline;

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
        permitTimeout,
        Deadline.NONE);
  }

  /** {@link #fast()} with a single attempt per call. */
  static MasterSettings singleAttempt() {
    return singleAttemptWithin(fast().callTimeout());
  }

  /** {@link #fast()} with a single attempt per call, each given {@code callTimeout}. */
  static MasterSettings singleAttemptWithin(Duration callTimeout) {
    MasterSettings s = fast();
    return new MasterSettings(
        s.connectTimeout(),
        callTimeout,
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
        s.permitTimeout(),
        s.deadline());
  }

  /** A client of a plain-HTTP master at {@code baseUrl} with {@link #fast()} settings. */
  public static MasterClient plainClient(String baseUrl, MasterMetrics metrics) {
    return MasterClient.create(
        URI.create(baseUrl),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        fast(),
        metrics,
        Clock.systemUTC());
  }
}
