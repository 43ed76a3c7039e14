package org.slapos.instancenode.desired;

import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.StoredSummary;

/**
 * One copy of the texts that most entries share, instead of one per entry read. Each database or
 * listing read gives every row its own copy of {@code valid}, {@code {}}, its timestamp (rows
 * written together share one) or its software type; the cache keeps 100,000 rows, so these copies
 * were about a third of its strings. Only equal text is shared: what a row says never changes.
 */
final class SharedStrings {
  private static final String NO_ERROR = "{}";

  private SharedStrings() {}

  /** {@code row} with the shared copies of its state, an empty error and its timestamp. */
  static InstanceRow of(InstanceRow row) {
    return new InstanceRow(
        row.reference(),
        row.jsonParameters(),
        NO_ERROR.equals(row.jsonError()) ? NO_ERROR : row.jsonError(),
        row.hash(),
        text(row.timestamp()),
        state(row.validParameter()),
        row.withheld());
  }

  /** {@code stored} with the shared copies of its state and timestamp. */
  static StoredSummary of(StoredSummary stored) {
    return new StoredSummary(
        stored.hash(), state(stored.validParameter()), text(stored.timestamp()));
  }

  /** The constant of a state ({@code valid}, {@code started}...) spelt as one; others as given. */
  static String state(String state) {
    if (state == null) {
      return null;
    }
    return switch (state) {
      case InstanceRow.VALID -> InstanceRow.VALID;
      case InstanceRow.INVALID -> InstanceRow.INVALID;
      case InstanceRow.STOPPED -> InstanceRow.STOPPED;
      case DesiredEntry.STARTED -> DesiredEntry.STARTED;
      case DesiredEntry.DESTROYED -> DesiredEntry.DESTROYED;
      default -> state;
    };
  }

  /**
   * The JVM's one copy of a short text that many entries share (a timestamp, a software type). The
   * JVM's string table holds it only while something else does.
   */
  static String text(String text) {
    return text == null ? null : text.intern();
  }
}
