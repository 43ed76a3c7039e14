package org.slapos.instancenode.reconcile;

/**
 * A reconcile failure that retrying cannot fix: it is recorded and the reference is not retried.
 */
public class TerminalException extends Exception {

  public TerminalException(String message) {
    super(message);
  }

  public TerminalException(String message, Throwable cause) {
    super(message, cause);
  }
}
