package org.slapos.instancenode.master;

/**
 * A text is not a document {@code xml_marshaller} could have written: not XML, an unknown element,
 * a number that does not parse, a reference to nothing. The message says what is wrong; it quotes
 * at most the text of a number that does not parse, never a string's content.
 */
public final class SlapXmlException extends Exception {
  public SlapXmlException(String message) {
    super(message);
  }

  public SlapXmlException(String message, Throwable cause) {
    super(message, cause);
  }
}
