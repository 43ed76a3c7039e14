package org.slapos.instancenode.queue;

import java.util.ArrayList;
import java.util.List;

/** Test helper: empties a queue the way one worker would. */
final class ReadyKeys {
  private ReadyKeys() {}

  /** Gets and marks done every key ready now, and returns them in the order handed out. */
  static <K> List<K> takeAll(WorkQueue<K> queue) throws InterruptedException {
    List<K> taken = new ArrayList<>();
    while (queue.len() > 0) {
      K key = queue.get();
      taken.add(key);
      queue.done(key);
    }
    return taken;
  }
}
