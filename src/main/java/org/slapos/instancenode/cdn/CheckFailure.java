package org.slapos.instancenode.cdn;

import java.util.Map;
import java.util.Objects;

/**
 * One finding of a check: a reason code, the message the user reads (what is wrong and what to do,
 * naming the field), and optional details published beside it in {@code json_error} (for example
 * {@code txt_record} and {@code txt_value} of a DNS challenge). A warning is reported in {@code
 * json_error.warnings} and never changes validity. Messages never quote secrets.
 */
public record CheckFailure(
    String reason, String message, Map<String, String> details, boolean warning) {

  public CheckFailure {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    details = Map.copyOf(details);
  }

  /** A failure that makes the entry invalid. */
  public CheckFailure(String reason, String message, Map<String, String> details) {
    this(reason, message, details, false);
  }

  public static CheckFailure of(String reason, String message) {
    return new CheckFailure(reason, message, Map.of());
  }

  /** A warning: shown to the user, the entry stays as valid as its failures make it. */
  public static CheckFailure warning(String reason, String message) {
    return new CheckFailure(reason, message, Map.of(), true);
  }
}
