package org.slapos.instancenode.master;

/**
 * The master could not answer now: connection refused or reset, timeout, TLS failure, 429, 5xx, or
 * a 200 whose body is not JSON (a truncated or proxy-made answer). Retried by {@link MasterGuard};
 * once it gives up, callers keep their last good state and try again later.
 */
public class MasterUnavailableException extends MasterException {

  public MasterUnavailableException(
      String method, String instance, String detail, Throwable cause) {
    super(method, instance, detail, cause);
  }
}
