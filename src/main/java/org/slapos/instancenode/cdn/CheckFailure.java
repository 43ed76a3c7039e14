package org.slapos.instancenode.cdn;

import java.util.Map;
import java.util.Objects;

/**
 * One failed check: a reason code, the message the user reads (what is wrong and what to do, naming
 * the field), and optional details published beside it in {@code json_error} (for example {@code
 * txt_record} and {@code txt_value} of a DNS challenge). Messages never quote secrets.
 */
public record CheckFailure(String reason, String message, Map<String, String> details) {

  public CheckFailure {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    details = Map.copyOf(details);
  }

  public static CheckFailure of(String reason, String message) {
    return new CheckFailure(reason, message, Map.of());
  }
}
