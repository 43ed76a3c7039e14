package org.slapos.instancenode.tls;

/**
 * A PEM value that cannot be used: too big, not PEM, not what the field holds, or encrypted. The
 * message names the field and says what is wrong; it never quotes the value.
 */
public final class TlsInputException extends Exception {
  public TlsInputException(String message) {
    super(message);
  }
}
