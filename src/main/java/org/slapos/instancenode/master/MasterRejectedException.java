package org.slapos.instancenode.master;

/**
 * The master refused the request with a 4xx status other than 429, e.g. 403 {@code
 * HOST-INSTANCE-NOT-FOUND}. Never retried: the same request would be refused again.
 */
public final class MasterRejectedException extends MasterException {
  private final int status;
  private final String type;

  public MasterRejectedException(
      String method, String instance, int status, String type, String title) {
    super(method, instance, ErrorBody.describe(status, type, title), null);
    this.status = status;
    this.type = type;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The error body's {@code type}, e.g. {@code HOST-INSTANCE-NOT-FOUND}; empty if none. */
  public String type() {
    return type;
  }
}
