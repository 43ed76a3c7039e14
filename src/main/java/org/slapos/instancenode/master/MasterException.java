package org.slapos.instancenode.master;

import java.util.Optional;

/**
 * A call to the SlapOS master failed. The message starts with the method and, when the call was
 * about one instance, its reference: {@code "slapos.put.v0.software_instance_error for instance
 * SHARED-1: 403 HOST-INSTANCE-NOT-FOUND: ..."}. Messages never hold keys or other secrets.
 *
 * <p>The subclasses tell callers what to do: {@link MasterUnavailableException} (try again later,
 * including {@link MasterCircuitOpenException} and {@link MasterRateLimitedException}), {@link
 * MasterRejectedException} (the master refused this request; sending it again will not help) and
 * {@link MasterProtocolException} (the master answered outside the contract).
 */
public abstract class MasterException extends Exception {
  private final String method;
  private final String instance;

  protected MasterException(String method, String instance, String detail, Throwable cause) {
    super(method + (instance == null ? "" : " for instance " + instance) + ": " + detail, cause);
    this.method = method;
    this.instance = instance;
  }

  /** The JSON-RPC method called, e.g. {@code slapos.get.v0.software_instance}. */
  public String method() {
    return method;
  }

  /** The instance (an entry's reference, or the host instance) the call was about, if any. */
  public Optional<String> instance() {
    return Optional.ofNullable(instance);
  }
}
