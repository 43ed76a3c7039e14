package org.slapos.instancenode.master;

/** The circuit breaker is open after repeated failures: the call was not sent to the master. */
public final class MasterCircuitOpenException extends MasterUnavailableException {

  public MasterCircuitOpenException(String method, String instance, Throwable cause) {
    super(method, instance, "not sent: the master has been failing, circuit breaker open", cause);
  }
}
