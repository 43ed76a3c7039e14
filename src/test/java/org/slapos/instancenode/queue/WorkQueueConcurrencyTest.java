package org.slapos.instancenode.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WorkQueueConcurrencyTest {
  private static final int PRODUCERS = 10;
  private static final int KEYS_PER_PRODUCER = 50;
  private static final int CONSUMERS = 4;

  private final WorkQueue<String> queue = new WorkQueue<>("test");
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
  private final AtomicInteger overlaps = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void everyKeyIsProcessedExactlyOnceByConcurrentConsumers() throws Exception {
    List<Future<?>> consumers = startConsumers((key, run) -> {});

    produce();
    queue.shutDownWithDrain();

    awaitAll(consumers);
    assertEquals(PRODUCERS * KEYS_PER_PRODUCER, runs.size());
    runs.forEach((key, count) -> assertEquals(1, count.get(), key));
    assertEquals(0, overlaps.get(), "a key was on two consumers at once");
    assertEquals(0, queue.len());
  }

  @Test
  void keysAddedWhileProcessingAreProcessedAgainAndNeverConcurrently() throws Exception {
    List<Future<?>> consumers =
        startConsumers(
            (key, run) -> {
              if (run == 1) {
                queue.add(key);
                // Keep working a while, so that a wrongly re-queued key reaches another consumer.
                for (int i = 0; i < 100; i++) {
                  Thread.yield();
                }
              }
            });

    produce();
    // Adds after a shutdown are ignored, so the re-adds must all have happened before it.
    await().until(() -> finished.get() == 2 * PRODUCERS * KEYS_PER_PRODUCER);
    queue.shutDownWithDrain();

    awaitAll(consumers);
    assertEquals(PRODUCERS * KEYS_PER_PRODUCER, runs.size());
    runs.forEach((key, count) -> assertEquals(2, count.get(), key));
    assertEquals(0, overlaps.get(), "a key was on two consumers at once");
  }

  private void produce() throws Exception {
    List<Future<?>> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      int producer = p;
      producers.add(
          threads.submit(
              () -> {
                for (int k = 0; k < KEYS_PER_PRODUCER; k++) {
                  queue.add(producer + "-" + k);
                }
              }));
    }
    awaitAll(producers);
  }

  /** Consumers call {@code work(key, run)} with the key's run count, then mark it done. */
  private List<Future<?>> startConsumers(BiConsumer<String, Integer> work) {
    List<Future<?>> consumers = new ArrayList<>();
    for (int c = 0; c < CONSUMERS; c++) {
      consumers.add(
          threads.submit(
              () -> {
                for (String key = queue.get(); key != null; key = queue.get()) {
                  if (!inProgress.add(key)) {
                    overlaps.incrementAndGet();
                  }
                  int run = runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                  work.accept(key, run);
                  inProgress.remove(key);
                  queue.done(key);
                  finished.incrementAndGet();
                }
                return null;
              }));
    }
    return consumers;
  }

  private static void awaitAll(List<Future<?>> futures) throws Exception {
    for (Future<?> future : futures) {
      future.get(20, TimeUnit.SECONDS);
    }
  }
}
