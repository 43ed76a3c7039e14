package org.slapos.instancenode.testing.master;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The faults injected per method, deterministic: a fault applies to the next {@code n} calls or to
 * every call until cleared. A fault set for one method takes precedence over one set for {@link
 * FakeMaster#ALL_METHODS}, which the fake SLAP master shares; delays add to any fault. Thread-safe.
 */
public final class Faults {
  private static final int ALWAYS = -1;

  private static final class Rule {
    final Fault fault;
    int remaining;

    Rule(Fault fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private final Map<String, Rule> rules = new HashMap<>();
  private final Map<String, Duration> delays = new HashMap<>();

  public synchronized void next(String method, int calls, Fault fault) {
    if (calls < 1) {
      throw new IllegalArgumentException("a fault applies to at least one call, not " + calls);
    }
    rules.put(method, new Rule(fault, calls));
  }

  public synchronized void always(String method, Fault fault) {
    rules.put(method, new Rule(fault, ALWAYS));
  }

  public synchronized void delay(String method, Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a delay is not negative: " + delay);
    }
    delays.put(method, delay);
  }

  public synchronized void clear() {
    rules.clear();
    delays.clear();
  }

  public synchronized void clear(String method) {
    rules.remove(method);
    delays.remove(method);
  }

  /** The fault for this call of {@code method}, counting it against the rule that applies. */
  public synchronized Optional<Fault> take(String method) {
    String key = rules.containsKey(method) ? method : FakeMaster.ALL_METHODS;
    Rule rule = rules.get(key);
    if (rule == null) {
      return Optional.empty();
    }
    if (rule.remaining != ALWAYS && --rule.remaining == 0) {
      rules.remove(key);
    }
    return Optional.of(rule.fault);
  }

  /** Whether a hanging call of {@code method} must keep hanging. */
  public synchronized boolean hangs(String method) {
    Rule rule = rules.containsKey(method) ? rules.get(method) : rules.get(FakeMaster.ALL_METHODS);
    return rule != null && rule.fault.kind() == Fault.Kind.HANG;
  }

  public synchronized Duration delay(String method) {
    return delays.getOrDefault(method, delays.getOrDefault(FakeMaster.ALL_METHODS, Duration.ZERO));
  }
}
