package org.slapos.instancenode.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slapos.instancenode.queue.Priority.LOW;
import static org.slapos.instancenode.queue.Priority.NORMAL;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkQueuePriorityTest {
  private final WorkQueue<String> queue = new WorkQueue<>("test");

  @Test
  void lowKeysAreHandedOutOnlyWhenNoNormalKeyIsReady() throws InterruptedException {
    queue.add("resync-1", LOW);
    queue.add("changed-1", NORMAL);
    queue.add("resync-2", LOW);
    queue.add("changed-2", NORMAL);

    assertEquals(
        List.of("changed-1", "changed-2", "resync-1", "resync-2"), ReadyKeys.takeAll(queue));
  }

  @Test
  void normalKeyAddedLaterOvertakesWaitingLowKeys() throws InterruptedException {
    queue.add("resync-1", LOW);
    queue.add("resync-2", LOW);
    assertEquals("resync-1", queue.get());

    queue.add("changed", NORMAL);

    assertEquals("changed", queue.get());
    assertEquals("resync-2", queue.get());
  }

  @Test
  void addingAPendingLowKeyAsNormalPromotesIt() throws InterruptedException {
    queue.add("a", LOW);
    queue.add("b", LOW);
    queue.add("c", NORMAL);

    queue.add("b", NORMAL);

    assertEquals(3, queue.len());
    assertEquals(List.of("c", "b", "a"), ReadyKeys.takeAll(queue));
  }

  @Test
  void addingAPendingNormalKeyAsLowKeepsItNormal() throws InterruptedException {
    queue.add("resync", LOW);
    queue.add("changed", NORMAL);

    queue.add("changed", LOW);

    assertEquals(List.of("changed", "resync"), ReadyKeys.takeAll(queue));
  }

  @Test
  void lowKeyAddedWhileProcessingComesBackLow() throws InterruptedException {
    queue.add("a");
    queue.get();
    queue.add("a", LOW);
    queue.add("b", NORMAL);

    queue.done("a");

    assertEquals(List.of("b", "a"), ReadyKeys.takeAll(queue));
  }

  @Test
  void lowKeyPromotedWhileProcessingComesBackNormal() throws InterruptedException {
    queue.add("a");
    queue.get();
    queue.add("b", LOW);
    queue.add("a", LOW);
    queue.add("a", NORMAL);

    queue.done("a");

    assertEquals(List.of("a", "b"), ReadyKeys.takeAll(queue));
  }
}
