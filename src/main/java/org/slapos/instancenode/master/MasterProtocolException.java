package org.slapos.instancenode.master;

/**
 * The master answered 200 with JSON that breaks the contract (a missing or mistyped field). Not
 * retried: the master is up and would answer the same; the message names the field.
 */
public final class MasterProtocolException extends MasterException {

  public MasterProtocolException(String method, String instance, String detail, Throwable cause) {
    super(method, instance, detail, cause);
  }
}
