package org.slapos.instancenode.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkQueueTest {
  private final WorkQueue<String> queue = new WorkQueue<>("test");

  @Test
  void keysAreHandedOutInTheOrderTheyWereAdded() throws InterruptedException {
    queue.add("a");
    queue.add("b");
    queue.add("c");

    assertEquals("a", queue.get());
    assertEquals("b", queue.get());
    assertEquals("c", queue.get());
  }

  @Test
  void lenCountsEachPendingKeyOnce() {
    queue.add("foo");
    assertEquals(1, queue.len());
    queue.add("bar");
    assertEquals(2, queue.len());
    queue.add("foo");
    assertEquals(2, queue.len());
  }

  @Test
  void keyAddedTwiceWhilePendingIsHandedOutOnce() throws InterruptedException {
    queue.add("foo");
    queue.add("foo");

    assertEquals("foo", queue.get());
    assertEquals(0, queue.len());
    queue.done("foo");
    assertEquals(0, queue.len());
  }

  @Test
  void addWhileProcessingRequeuesAfterDone() throws InterruptedException {
    queue.add("foo");
    assertEquals("foo", queue.get());

    queue.add("foo");
    assertEquals(0, queue.len(), "a key being processed is never ready at the same time");

    queue.done("foo");
    assertEquals(1, queue.len());
    assertEquals("foo", queue.get());
  }

  @Test
  void keyAddedTwiceWhileProcessingComesBackOnce() throws InterruptedException {
    queue.add("foo");
    queue.get();
    queue.add("foo");
    queue.add("foo");

    queue.done("foo");

    assertEquals(1, queue.len());
    assertEquals("foo", queue.get());
    queue.done("foo");
    assertEquals(0, queue.len());
  }

  @Test
  void reinsertedKeyComesBackOnceAfterDone() throws InterruptedException {
    queue.add("foo");
    String key = queue.get();
    queue.add(key);
    queue.done(key);

    assertEquals("foo", queue.get());
    queue.done("foo");
    assertEquals(0, queue.len());
  }

  @Test
  void requeuedKeyGoesBehindKeysAddedMeanwhile() throws InterruptedException {
    queue.add("foo");
    queue.get();
    queue.add("foo");
    queue.add("bar");

    queue.done("foo");

    assertEquals("bar", queue.get());
    assertEquals("foo", queue.get());
  }

  @Test
  void doneForAKeyNotBeingProcessedIsRejected() throws InterruptedException {
    IllegalStateException neverHandedOut =
        assertThrows(IllegalStateException.class, () -> queue.done("foo"));
    assertTrue(neverHandedOut.getMessage().contains("test"), neverHandedOut.getMessage());
    assertTrue(neverHandedOut.getMessage().contains("foo"), neverHandedOut.getMessage());

    queue.add("foo");
    queue.done(queue.get());
    assertThrows(IllegalStateException.class, () -> queue.done("foo"));
  }

  @Test
  void nullKeyIsRefused() {
    assertThrows(NullPointerException.class, () -> queue.add(null));
  }
}
