package org.slapos.instancenode.queue;

import java.util.LinkedHashSet;

/**
 * The keys ready to be handed out, one FIFO lane per {@link Priority}. Not thread-safe: {@link
 * WorkQueue} guards it with its lock.
 */
final class PendingLanes<K> {
  // LinkedHashSet keeps insertion order and removes from the middle in O(1), which promotion needs.
  private final LinkedHashSet<K> normal = new LinkedHashSet<>();
  private final LinkedHashSet<K> low = new LinkedHashSet<>();

  void offer(K key, Priority priority) {
    (priority == Priority.NORMAL ? normal : low).add(key);
  }

  /** Moves {@code key} from the low lane to the back of the normal lane, if it waits there. */
  void promote(K key) {
    if (low.remove(key)) {
      normal.add(key);
    }
  }

  /** Removes and returns the first normal key, else the first low key, else {@code null}. */
  K poll() {
    if (!normal.isEmpty()) {
      return normal.removeFirst();
    }
    return low.isEmpty() ? null : low.removeFirst();
  }

  int size() {
    return normal.size() + low.size();
  }

  boolean isEmpty() {
    return normal.isEmpty() && low.isEmpty();
  }

  void clear() {
    normal.clear();
    low.clear();
  }
}
