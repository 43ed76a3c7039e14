package org.slapos.instancenode.desired;

/** The desired state could not be listed; nothing derived from it may change. */
public class DesiredStateException extends RuntimeException {

  public DesiredStateException(String message) {
    super(message);
  }

  public DesiredStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
