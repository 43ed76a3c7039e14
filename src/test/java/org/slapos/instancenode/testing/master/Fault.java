package org.slapos.instancenode.testing.master;

import java.util.Objects;

/**
 * What a fake master does instead of answering a call normally.
 *
 * @param status the HTTP status of a {@link Kind#FAIL}; unused otherwise
 * @param type the error type of a {@link Kind#FAIL}; unused otherwise
 */
public record Fault(Kind kind, int status, String type) {
  public enum Kind {
    /** Answer {@code status} with the protocol's error body. */
    FAIL,
    /** Keep the call open without answering until faults are cleared or the master closes. */
    HANG,
    /** Close the connection without sending a response. */
    RESET,
    /**
     * Answer 200 with a body the protocol cannot read (truncated JSON, or text that is not XML).
     */
    MALFORMED
  }

  public Fault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
  }

  public static Fault fail(int status, String type) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a failure status is 4xx or 5xx, not " + status);
    }
    return new Fault(Kind.FAIL, status, type);
  }

  public static Fault of(Kind kind) {
    return new Fault(kind, 0, "");
  }
}
