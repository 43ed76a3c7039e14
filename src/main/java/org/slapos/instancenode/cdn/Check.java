package org.slapos.instancenode.cdn;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One pre-deploy check of an entry: a pure function of the snapshot, so that adding a check is
 * adding one class to the chain. Implementations are stateless and thread-safe; they report every
 * problem they find, not just the first.
 */
@FunctionalInterface
public interface Check {

  /** The failures found; empty when the entry passes. */
  List<CheckFailure> check(EntrySnapshot entry);

  /**
   * The next moment after {@code entry.now()} at which this check's outcome may change with no
   * change of the entry (a certificate becoming valid, entering its warning window, expiring), so
   * the entry is checked again then; empty when only a change can change it.
   */
  default Optional<Instant> changesAt(EntrySnapshot entry) {
    return Optional.empty();
  }

  /**
   * When the certificate the entry serves expires, for checks that read it; empty otherwise. Shown
   * as {@code instancenode_certificate_expiry_timestamp_seconds}.
   */
  default Optional<Instant> certificateExpiry(EntrySnapshot entry) {
    return Optional.empty();
  }
}
