package org.slapos.instancenode.desired;

import java.util.List;

/**
 * What one {@link DesiredPoller} sync or replace changed in the {@link DesiredCache}, by reference,
 * each list sorted.
 *
 * @param added entries that were not cached
 * @param updated cached entries whose version ({@code hash} or {@code valid_parameter}) changed
 * @param deleted cached entries no longer listed
 */
public record CacheChanges(List<String> added, List<String> updated, List<String> deleted) {
  public CacheChanges {
    added = List.copyOf(added);
    updated = List.copyOf(updated);
    deleted = List.copyOf(deleted);
  }

  /** Whether nothing changed. */
  public boolean isEmpty() {
    return added.isEmpty() && updated.isEmpty() && deleted.isEmpty();
  }
}
