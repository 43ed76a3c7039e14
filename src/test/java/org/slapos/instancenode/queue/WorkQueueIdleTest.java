package org.slapos.instancenode.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkQueueIdleTest {
  private final WorkQueue<String> queue = new WorkQueue<>("test");

  @Test
  void anIdleQueueIsIdleAtOnce() throws InterruptedException {
    queue.awaitIdle();
    assertEquals(0, queue.len());
  }

  @Test
  void keysAddedByTheWorkItselfAreWaitedFor() throws Exception {
    List<String> processed = new ArrayList<>();
    queue.add("a");
    CompletableFuture<Void> idle =
        CompletableFuture.runAsync(
            () -> {
              try {
                queue.awaitIdle();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });

    String first = queue.get();
    queue.add("b"); // queued by the processing of "a", as a released host re-queues its waiters
    queue.done(first);
    processed.add(first);
    assertFalse(idle.isDone(), "b is pending");
    String second = queue.get();
    queue.done(second);
    processed.add(second);

    idle.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("a", "b"), processed);
    assertFalse(queue.shuttingDown(), "waiting for idle takes no shutdown");
  }

  @Test
  void shuttingDownEndsTheWait() throws Exception {
    queue.add("a");
    CompletableFuture<Void> idle =
        CompletableFuture.runAsync(
            () -> {
              try {
                queue.awaitIdle();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });

    queue.shutDown();

    idle.get(10, TimeUnit.SECONDS);
    assertTrue(queue.shuttingDown());
  }
}
