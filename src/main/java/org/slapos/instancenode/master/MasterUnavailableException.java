package org.slapos.instancenode.master;

import org.slapos.instancenode.reconcile.TransientFailure;

/**
 * The master could not answer now: connection refused or reset, timeout, TLS failure, 429, 5xx, or
 * a 200 whose body is not JSON (a truncated or proxy-made answer). Retried by {@link MasterGuard};
 * once it gives up, callers keep their last good state and try again later.
 */
public class MasterUnavailableException extends MasterException implements TransientFailure {
  private final String detail;

  public MasterUnavailableException(
      String method, String instance, String detail, Throwable cause) {
    super(method, instance, detail, cause);
    this.detail = detail;
  }

  /** {@code the master did not answer (slapos.put.v0.software_instance_error: 503 ...)}. */
  @Override
  public String why() {
    return "the master did not answer (" + method() + ": " + detail + ")";
  }
}
