package org.slapos.instancenode.desired;

import java.util.List;

/**
 * Lists the complete desired state: every shared instance the CDN host instance should know of.
 *
 * <p>Implementations return the whole list or throw; a partial list is never returned, so a failure
 * can never be mistaken for the removal of entries. Implementations are called from one thread at a
 * time.
 */
public interface DesiredStateSource {

  /**
   * Returns every entry, destroyed ones included (callers treat them as absent).
   *
   * @throws DesiredStateException when the source cannot be read or is malformed
   */
  List<DesiredEntry> list();

  /** A short human description of the source for logs and summaries, e.g. {@code file:/x.json}. */
  String describe();
}
