package org.slapos.instancenode.desired;

/**
 * Reads the complete desired state: every shared instance the CDN host instance should know of.
 *
 * <p>Implementations return the whole state or throw; a partial listing is never returned, so a
 * failure can never be mistaken for the removal of entries. Implementations are called from one
 * thread at a time.
 */
public interface DesiredStateSource {

  /**
   * Reads the state as it is now; its entries include destroyed ones (callers treat them as
   * absent).
   *
   * @throws DesiredStateException when the source cannot be read (a malformed content may instead
   *     surface from {@link Listing#entries()})
   */
  Listing read();

  /** A short human description of the source for logs and summaries, e.g. {@code file:/x.json}. */
  String describe();
}
