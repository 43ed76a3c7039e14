package org.slapos.instancenode.testing.slap;

import java.time.Instant;
import java.util.Map;

/**
 * One HTTP call the fake SLAP master received, recorded when it arrived; its status is filled in
 * when the answer is sent. Thread-safe.
 */
public final class SlapCall {
  /** The status of a call not answered (yet, or ever: reset, hang, close). */
  public static final int NO_RESPONSE = 0;

  private final String call;
  private final Map<String, String> form;
  private final Instant time;
  private volatile int status = NO_RESPONSE;

  SlapCall(String call, Map<String, String> form, Instant time) {
    this.call = call;
    this.form = Map.copyOf(form);
    this.time = time;
  }

  /** The call named by the path after the server URL, e.g. {@code softwareInstanceBang}. */
  public String call() {
    return call;
  }

  /** The form fields as decoded. */
  public Map<String, String> form() {
    return form;
  }

  public Instant time() {
    return time;
  }

  /** The HTTP status answered, or {@link #NO_RESPONSE}. */
  public int status() {
    return status;
  }

  void answered(int httpStatus) {
    status = httpStatus;
  }

  @Override
  public String toString() {
    return call + " -> " + (status == NO_RESPONSE ? "no response" : status) + " " + form.keySet();
  }
}
