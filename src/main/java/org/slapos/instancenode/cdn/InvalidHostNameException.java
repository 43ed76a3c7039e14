package org.slapos.instancenode.cdn;

/**
 * A text is not a host name this node serves. The message says why in a few words, naming the
 * offending label when there is one, so a caller can prefix it with the field and the value.
 */
public final class InvalidHostNameException extends Exception {

  public InvalidHostNameException(String why) {
    super(why);
  }
}
