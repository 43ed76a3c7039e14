package org.slapos.instancenode.desired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.StoredSummary;

/**
 * The difference between the desired entries and the stored rows, by reference: what a pass must
 * queue. Unchanged valid entries appear in no list, so a steady pass queues nothing for them.
 *
 * <p>Computed in time linear in the number of entries (plus sorting the lists).
 *
 * @param added desired, not stored
 * @param modified desired with a hash other than the stored one, or stored {@code stopped} (a
 *     returning entry must be reclaimed even when its parameters did not change)
 * @param removed stored, not desired; this includes rows already {@code stopped}, which the
 *     lifecycle must still visit to expire them
 * @param unchangedInvalid desired with the stored hash, stored {@code invalid}: worth a new look
 *     because what made them invalid (DNS, another entry) may have changed
 */
public record DesiredDiff(
    List<String> added,
    List<String> modified,
    List<String> removed,
    List<String> unchangedInvalid) {

  public DesiredDiff {
    added = List.copyOf(added);
    modified = List.copyOf(modified);
    removed = List.copyOf(removed);
    unchangedInvalid = List.copyOf(unchangedInvalid);
  }

  /**
   * Compares {@code desiredHashes} (reference to parameters hash) with {@code stored} (reference to
   * stored summary). Each list is sorted.
   */
  public static DesiredDiff compute(
      Map<String, String> desiredHashes, Map<String, StoredSummary> stored) {
    List<String> added = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    List<String> unchangedInvalid = new ArrayList<>();
    desiredHashes.forEach(
        (reference, hash) -> {
          StoredSummary row = stored.get(reference);
          if (row == null) {
            added.add(reference);
          } else if (InstanceRow.STOPPED.equals(row.validParameter())
              || !Objects.equals(hash, row.hash())) {
            modified.add(reference);
          } else if (InstanceRow.INVALID.equals(row.validParameter())) {
            unchangedInvalid.add(reference);
          }
        });
    List<String> removed = new ArrayList<>();
    for (String reference : stored.keySet()) {
      if (!desiredHashes.containsKey(reference)) {
        removed.add(reference);
      }
    }
    return new DesiredDiff(
        sorted(added), sorted(modified), sorted(removed), sorted(unchangedInvalid));
  }

  private static List<String> sorted(List<String> references) {
    references.sort(null);
    return references;
  }
}
