package org.slapos.instancenode.master;

/**
 * No permit of the {@code master-qps}/{@code master-burst} rate limiter came within the permit
 * timeout: the call was not sent to the master.
 */
public final class MasterRateLimitedException extends MasterUnavailableException {

  public MasterRateLimitedException(String method, String instance, Throwable cause) {
    super(method, instance, "not sent: master-qps rate limit reached", cause);
  }
}
