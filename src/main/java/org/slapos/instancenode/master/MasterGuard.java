package org.slapos.instancenode.master;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slapos.instancenode.master.MasterMetrics.Circuit;
import org.slapos.instancenode.master.MasterMetrics.Outcome;
import org.slapos.instancenode.time.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one Resilience4j wrapper around every master call: retry with exponential backoff and jitter,
 * a circuit breaker and a rate limiter, nested as {@code retry(breaker(limiter(attempt)))}.
 *
 * <p>Why this order: the breaker sits inside the retry so that it counts every real attempt and,
 * once open, stops the remaining retries without touching the network; half-open, it lets exactly
 * one attempt through, so an outage costs one request per {@code breakerOpenWait}. The limiter is
 * innermost so that every real attempt, retries included, takes a permit, while calls refused by
 * the breaker take none. Only {@link MasterUnavailableException} is retried and counts as a breaker
 * failure: a 4xx rejection proves the master is up.
 *
 * <p>With a deadline ({@link MasterSettings#deadline()}, a run-once's) no attempt starts once it is
 * reached, the backoff before a retry is cut to what is left of it ({@link
 * MasterSettings#backoff}), and so is each attempt's request timeout (the transport's {@link
 * MasterSettings#requestTimeout()}), and no attempt waits for a limiter permit that comes after it:
 * a master that does not answer keeps a call no longer than the deadline. Without one (the daemon)
 * nothing changes.
 *
 * <p>Thread-safe: one guard is shared by every thread calling the master.
 */
public final class MasterGuard {
  private static final Logger LOG = LoggerFactory.getLogger(MasterGuard.class);

  /** One attempt of a call. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws MasterException;
  }

  private final MasterMetrics metrics;
  private final Deadline deadline;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final RateLimiter limiter;

  /**
   * @param clock drives the breaker's open wait (the limiter and the backoff use real time)
   */
  public MasterGuard(MasterSettings settings, MasterMetrics metrics, Clock clock) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.deadline = settings.deadline();
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            settings.initialBackoff(),
            settings.backoffMultiplier(),
            settings.backoffJitter(),
            settings.maxBackoff());
    retry =
        Retry.of(
            "master",
            RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(
                    attempt ->
                        settings.backoff(Duration.ofMillis(backoff.apply(attempt))).toMillis())
                // An interrupted caller is shutting down: give up rather than sleep and retry. A
                // reached deadline leaves no time for another attempt.
                .retryOnException(
                    e ->
                        e instanceof MasterUnavailableException
                            && !Thread.currentThread().isInterrupted()
                            && !deadline.reached())
                .build());
    breaker =
        CircuitBreaker.of(
            "master",
            CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.breakerOpenWait())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof MasterUnavailableException)
                .ignoreException(e -> e instanceof RequestNotPermitted)
                .clock(clock)
                .build());
    limiter =
        RateLimiter.of(
            "master",
            RateLimiterConfig.custom()
                .limitForPeriod(settings.burst())
                .limitRefreshPeriod(settings.refreshPeriod())
                .timeoutDuration(settings.permitTimeout())
                .build());
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              Circuit to = circuit(event.getStateTransition().getToState());
              LOG.atLevel(to == Circuit.OPEN ? Level.WARN : Level.INFO)
                  .setMessage("master circuit breaker changed state")
                  .addKeyValue("from", event.getStateTransition().getFromState())
                  .addKeyValue("to", event.getStateTransition().getToState())
                  .log();
              metrics.circuitState(to);
            });
    metrics.circuitState(Circuit.CLOSED);
  }

  /**
   * Runs {@code attempt} under the retry, breaker and limiter.
   *
   * @param method the JSON-RPC method, for metrics and messages
   * @param instance the instance the call is about, or null
   * @throws MasterCircuitOpenException when the breaker refused the first attempt
   * @throws MasterRateLimitedException when no permit came for the first attempt within the permit
   *     timeout
   * @throws MasterUnavailableException when the deadline was reached before the first attempt
   * @throws MasterException the last real attempt's failure otherwise (also when a retry was then
   *     refused by the breaker or the limiter, or not made because the deadline came)
   */
  public <T> T call(String method, String instance, Attempt<T> attempt) throws MasterException {
    AtomicInteger attempts = new AtomicInteger();
    AtomicReference<MasterException> lastFailure = new AtomicReference<>();
    CheckedSupplier<T> limited =
        () -> {
          awaitPermit(method, instance);
          try {
            return measured(method, attempt);
          } catch (MasterException e) {
            lastFailure.set(e);
            throw e;
          }
        };
    CheckedSupplier<T> broken = CircuitBreaker.decorateCheckedSupplier(breaker, limited);
    CheckedSupplier<T> counted =
        () -> {
          if (deadline.reached()) {
            // The backoff ended at the deadline, or the call came after it: no attempt starts.
            throw lastFailureOr(
                lastFailure,
                new MasterUnavailableException(
                    method,
                    instance,
                    "the run's deadline ("
                        + deadline.budget().toSeconds()
                        + " s) was reached before calling the master",
                    null));
          }
          if (attempts.getAndIncrement() > 0) {
            metrics.retry(method);
          }
          return broken.get();
        };
    try {
      return Retry.decorateCheckedSupplier(retry, counted).get();
    } catch (CallNotPermittedException e) {
      metrics.call(method, Outcome.CIRCUIT_OPEN, Duration.ZERO);
      // A retry refused after a real failure: the failure says more than "circuit open".
      throw lastFailureOr(lastFailure, new MasterCircuitOpenException(method, instance, e));
    } catch (RequestNotPermitted e) {
      metrics.call(method, Outcome.RATE_LIMITED, Duration.ZERO);
      throw lastFailureOr(lastFailure, new MasterRateLimitedException(method, instance, e));
    } catch (MasterException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("unexpected checked exception from a master call", e);
    }
  }

  /**
   * Takes a limiter permit, waiting for it up to the permit timeout and never past the deadline.
   *
   * @throws RequestNotPermitted when no permit comes in time; a permit reserved for after the
   *     deadline is left unused (the run is ending, and the limiter refills)
   */
  private void awaitPermit(String method, String instance) throws MasterUnavailableException {
    long nanos = limiter.reservePermission();
    if (nanos < 0 || !deadline.allows(Duration.ofNanos(nanos))) {
      throw RequestNotPermitted.createRequestNotPermitted(limiter);
    }
    if (nanos > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MasterUnavailableException(method, instance, "interrupted", e);
      }
    }
  }

  /** The breaker's state now. */
  public Circuit circuit() {
    return circuit(breaker.getState());
  }

  /** Permits the limiter can hand out now without waiting. */
  public int availablePermits() {
    return limiter.getMetrics().getAvailablePermissions();
  }

  private <T> T measured(String method, Attempt<T> attempt) throws MasterException {
    long start = System.nanoTime();
    Outcome outcome = Outcome.UNAVAILABLE;
    try {
      T result = attempt.run();
      outcome = Outcome.OK;
      return result;
    } catch (MasterRejectedException e) {
      outcome = Outcome.REJECTED;
      throw e;
    } catch (MasterProtocolException e) {
      outcome = Outcome.INVALID_RESPONSE;
      throw e;
    } finally {
      metrics.call(method, outcome, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static MasterException lastFailureOr(
      AtomicReference<MasterException> lastFailure, MasterException refused) {
    MasterException failure = lastFailure.get();
    return failure != null ? failure : refused;
  }

  private static Circuit circuit(CircuitBreaker.State state) {
    return switch (state) {
      case CLOSED, DISABLED, METRICS_ONLY -> Circuit.CLOSED;
      case HALF_OPEN -> Circuit.HALF_OPEN;
      case OPEN, FORCED_OPEN -> Circuit.OPEN;
    };
  }
}
