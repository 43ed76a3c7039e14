package org.slapos.instancenode.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WorkQueueShutdownTest {
  private final WorkQueue<String> queue = new WorkQueue<>("test");
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void shutDownUnblocksWaitingGetters() throws Exception {
    List<Future<String>> getters = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      getters.add(threads.submit(queue::get));
    }
    await().until(() -> waitingThreads() == 3);

    queue.shutDown();

    for (Future<String> getter : getters) {
      assertNull(getter.get(5, TimeUnit.SECONDS));
    }
    assertTrue(queue.shuttingDown());
  }

  @Test
  void shutDownDropsPendingKeysAndIgnoresLaterAdds() throws InterruptedException {
    queue.add("a");
    queue.add("b");

    queue.shutDown();
    queue.add("added after shutdown");

    assertEquals(0, queue.len());
    assertNull(queue.get());
  }

  @Test
  void keyBeingProcessedAtShutDownIsNotRequeued() throws InterruptedException {
    queue.add("foo");
    queue.get();
    queue.add("foo");

    queue.shutDown();
    queue.done("foo");

    assertEquals(0, queue.len());
    assertNull(queue.get());
  }

  @Test
  void shutDownWithDrainWithNothingPendingReturnsAtOnce() throws InterruptedException {
    queue.shutDownWithDrain();

    assertTrue(queue.shuttingDown());
    assertNull(queue.get());
  }

  @Test
  void shutDownWithDrainWaitsForKeysBeingProcessed() throws Exception {
    queue.add("foo");
    queue.add("bar");
    queue.get();
    queue.get();

    Future<?> drain = startDrain();
    assertNull(queue.get(), "nothing is ready while the two keys are processed");
    queue.done("foo");
    assertFalse(drain.isDone(), "bar is still being processed");
    queue.done("bar");

    drain.get(5, TimeUnit.SECONDS);
  }

  @Test
  void shutDownWithDrainStillHandsOutPendingAndRequeuedKeys() throws Exception {
    queue.add("foo");
    queue.get();
    queue.add("foo");
    queue.add("bar");

    Future<?> drain = startDrain();
    queue.add("added after shutdown");
    assertEquals("bar", queue.get());
    queue.done("bar");
    assertNull(queue.get(), "foo waits for its first run to be done");
    assertFalse(drain.isDone());

    queue.done("foo");
    assertEquals("foo", queue.get(), "foo was added before the shutdown, so it runs again");
    assertFalse(drain.isDone());
    queue.done("foo");

    drain.get(5, TimeUnit.SECONDS);
    assertNull(queue.get());
  }

  @Test
  void shutDownAbandonsAWaitingDrain() throws Exception {
    queue.add("foo");
    queue.add("bar");
    queue.get();

    Future<?> drain = startDrain();
    queue.shutDown();

    drain.get(5, TimeUnit.SECONDS);
    assertEquals(0, queue.len(), "bar, still pending, was dropped");
    assertNull(queue.get());
  }

  private Future<?> startDrain() {
    CompletableFuture<Void> drained = new CompletableFuture<>();
    threads.submit(
        () -> {
          try {
            queue.shutDownWithDrain();
            drained.complete(null);
          } catch (Throwable e) {
            drained.completeExceptionally(e);
          }
        });
    await().until(queue::shuttingDown);
    return drained;
  }

  private long waitingThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getState() == Thread.State.WAITING)
        .filter(
            thread ->
                List.of(thread.getStackTrace()).stream()
                    .anyMatch(
                        frame ->
                            frame.getClassName().equals(WorkQueue.class.getName())
                                && frame.getMethodName().equals("get")))
        .count();
  }
}
