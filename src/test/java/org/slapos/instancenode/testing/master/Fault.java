package org.slapos.instancenode.testing.master;

import java.util.Objects;

/**
 * What the fake master does instead of answering a call normally.
 *
 * @param status the HTTP status of a {@link Kind#FAIL}; unused otherwise
 * @param type the error type of a {@link Kind#FAIL}; unused otherwise
 */
record Fault(Kind kind, int status, String type) {
  enum Kind {
    /** Answer {@code status} with a JSON error body {@code {status, type, title}}. */
    FAIL,
    /** Keep the call open without answering until faults are cleared or the master closes. */
    HANG,
    /** Close the connection without sending a response. */
    RESET,
    /** Answer 200 with a body that is not JSON. */
    MALFORMED
  }

  Fault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
  }

  static Fault fail(int status, String type) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a failure status is 4xx or 5xx, not " + status);
    }
    return new Fault(Kind.FAIL, status, type);
  }

  static Fault of(Kind kind) {
    return new Fault(kind, 0, "");
  }
}
