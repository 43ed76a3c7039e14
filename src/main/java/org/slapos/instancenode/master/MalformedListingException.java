package org.slapos.instancenode.master;

/**
 * A {@code result_list} payload does not have the contract's shape; the message names the source,
 * the item and the field.
 */
public class MalformedListingException extends RuntimeException {

  public MalformedListingException(String message) {
    super(message);
  }
}
