package org.slapos.instancenode.master;

/**
 * A {@code result_list} payload does not have the contract's shape; the message names the source,
 * the item and the field.
 */
public class MalformedListingException extends RuntimeException {
  private final boolean notJson;

  public MalformedListingException(String message) {
    this(message, false);
  }

  private MalformedListingException(String message, boolean notJson) {
    super(message);
    this.notJson = notJson;
  }

  /** The payload is not JSON at all (a proxy's error page, a truncated answer). */
  static MalformedListingException notJson(String message) {
    return new MalformedListingException(message, true);
  }

  /** Whether the payload is not JSON at all, rather than JSON of the wrong shape. */
  public boolean notJson() {
    return notJson;
  }
}
