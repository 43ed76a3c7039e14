package org.slapos.instancenode.testing.master;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One HTTP call the fake master received, recorded when it arrived. Its status is filled in when
 * the answer is sent, so a hanging call is visible before it is answered. Thread-safe.
 */
public final class MasterCall {
  /** The status of a call that has not been answered, or never will be (reset, hang, close). */
  public static final int NO_RESPONSE = 0;

  private final String method;
  private final String body;
  private final JsonNode request;
  private final Instant time;
  private volatile int status = NO_RESPONSE;

  MasterCall(String method, String body, JsonNode request, Instant time) {
    this.method = method;
    this.body = body;
    this.request = request;
    this.time = time;
  }

  /** The method named by the URL path after the base URL. */
  public String method() {
    return method;
  }

  /** The request body exactly as received. */
  public String body() {
    return body;
  }

  /** The request body as JSON; empty when it was not JSON. */
  public Optional<JsonNode> request() {
    return Optional.ofNullable(request).map(JsonNode::deepCopy);
  }

  /** When the call arrived. */
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
    return method + " -> " + (status == NO_RESPONSE ? "no response" : status) + " " + body;
  }
}
