package org.slapos.instancenode.master;

import java.time.Duration;

/**
 * What {@link MasterGuard} reports, mapped by an adapter to {@code instancenode_master_*}. Called
 * from the threads that call the master: implementations must be thread-safe and quick.
 */
public interface MasterMetrics {

  /** How one attempt ended; the label is the {@code outcome} label value. */
  enum Outcome {
    /** The master answered 2xx with a body we could read. */
    OK("ok"),
    /** The master refused the request (4xx other than 429). */
    REJECTED("rejected"),
    /** The master answered 200 with JSON outside the contract. */
    INVALID_RESPONSE("invalid-response"),
    /** No usable answer: connect error, timeout, TLS failure, 429, 5xx, non-JSON 200. */
    UNAVAILABLE("unavailable"),
    /** Not sent: the circuit breaker is open. */
    CIRCUIT_OPEN("circuit-open"),
    /** Not sent: no rate-limiter permit within the permit timeout. */
    RATE_LIMITED("rate-limited");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Whether a request reached the network, so that its latency means something. */
    public boolean sent() {
      return this != CIRCUIT_OPEN && this != RATE_LIMITED;
    }
  }

  /** The circuit breaker's state; the gauge value is the ordinal. */
  enum Circuit {
    CLOSED,
    HALF_OPEN,
    OPEN
  }

  MasterMetrics NONE = new MasterMetrics() {};

  /** One attempt of {@code method} ended with {@code outcome} after {@code latency}. */
  default void call(String method, Outcome outcome, Duration latency) {}

  /** The circuit breaker moved to {@code state}. */
  default void circuitState(Circuit state) {}

  /** {@code method} is attempted again after a retriable failure. */
  default void retry(String method) {}
}
