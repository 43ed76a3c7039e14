package org.slapos.instancenode.cdn;

import java.util.List;

/**
 * One pre-deploy check of an entry: a pure function of the snapshot, so that adding a check is
 * adding one class to the chain. Implementations are stateless and thread-safe; they report every
 * problem they find, not just the first.
 */
@FunctionalInterface
public interface Check {

  /** The failures found; empty when the entry passes. */
  List<CheckFailure> check(EntrySnapshot entry);
}
