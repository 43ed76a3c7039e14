package org.slapos.instancenode.reconcile;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slapos.instancenode.queue.ItemExponentialFailureRateLimiter;
import org.slapos.instancenode.queue.RateLimitingQueue;
import org.slapos.instancenode.reconcile.ReconcileMetrics.Outcome;
import org.slapos.instancenode.testing.FakeClock;

@Timeout(30)
class ControllerTest {
  private final RateLimitingQueue<String> queue =
      new RateLimitingQueue<>(
          "test",
          new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(1), Duration.ofMillis(10)));
  private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final AtomicInteger panics = new AtomicInteger();
  private final ReconcileMetrics metrics =
      new ReconcileMetrics() {
        @Override
        public void reconciled(Outcome outcome, Duration took) {
          outcomes.add(outcome);
        }

        @Override
        public void panicked() {
          panics.incrementAndGet();
        }
      };
  private Controller controller;

  @AfterEach
  void stop() throws InterruptedException {
    if (controller != null) {
      controller.stop(Duration.ofSeconds(5));
    }
  }

  private void start(Reconciler reconciler, int workers) {
    controller = new Controller(queue, reconciler, workers, metrics, Clock.systemUTC());
    controller.start();
  }

  /** Commits that wait for {@link #flush()}, as a group commit does, and can lose a group. */
  private static final class HeldCommits implements Commits {
    final List<java.util.function.Consumer<java.util.Optional<? extends RuntimeException>>> held =
        new CopyOnWriteArrayList<>();
    final AtomicInteger flushes = new AtomicInteger();
    volatile boolean lose;

    @Override
    public Scope begin() {
      return held::add;
    }

    @Override
    public synchronized void flush() {
      flushes.incrementAndGet();
      var failure =
          lose
              ? java.util.Optional.of(new IllegalStateException("disk full"))
              : java.util.Optional.<RuntimeException>empty();
      List<java.util.function.Consumer<java.util.Optional<? extends RuntimeException>>> due =
          List.copyOf(held);
      held.clear();
      due.forEach(then -> then.accept(failure));
    }
  }

  @Test
  void aReferenceIsDoneOnlyOnceItsWritesAreCommittedAndIdleWorkersCommit() throws Exception {
    HeldCommits commits = new HeldCommits();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch reconciled = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    queue.add("a");
    queue.add("b");
    controller =
        new Controller(
            queue,
            reference -> {
              calls.incrementAndGet();
              if (reference.equals("b")) {
                reconciled.countDown();
                release.await();
              }
              return Result.done();
            },
            1,
            metrics,
            Clock.systemUTC(),
            commits);
    controller.start();
    reconciled.await();
    // "a" was reconciled while "b" was queued: nothing committed it yet, so it is not done.
    assertEquals(0, commits.flushes.get());
    assertEquals(1, commits.held.size());
    assertFalse(queue.awaitIdle(Duration.ofMillis(50)));
    release.countDown();
    // With nothing left to do, the worker commits: both are done and finish returns.
    controller.finish(Duration.ofSeconds(1));
    assertEquals(2, calls.get());
    assertEquals(List.of(Outcome.SUCCESS, Outcome.SUCCESS), outcomes);
  }

  @Test
  void aReconcileWhoseCommitIsLostIsRetried() throws Exception {
    HeldCommits commits = new HeldCommits();
    commits.lose = true;
    List<String> seen = new CopyOnWriteArrayList<>();
    queue.add("a");
    controller =
        new Controller(
            queue,
            reference -> {
              seen.add(reference);
              commits.lose = seen.size() < 2;
              return Result.done();
            },
            1,
            metrics,
            Clock.systemUTC(),
            commits);
    controller.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
    controller.finish(Duration.ofSeconds(1));
    assertEquals(List.of("a", "a"), seen);
    assertEquals(List.of(Outcome.ERROR, Outcome.SUCCESS), outcomes);
  }

  @Test
  void everyQueuedReferenceIsReconciledAndDrainWaitsForThem() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 200; i++) {
      queue.add("ref-" + i);
    }
    start(
        reference -> {
          seen.add(reference);
          return Result.done();
        },
        4);
    controller.drain();
    assertEquals(200, seen.size());
    assertEquals(200, outcomes.stream().filter(o -> o == Outcome.SUCCESS).count());
  }

  @Test
  void failingReconcileIsRetriedAndDoesNotStopTheLoop() {
    AtomicInteger calls = new AtomicInteger();
    start(
        reference -> {
          if (reference.equals("flaky") && calls.incrementAndGet() < 3) {
            throw new IllegalStateException("backend hiccup");
          }
          return Result.done();
        },
        1);
    queue.add("flaky");
    queue.add("other");
    await().until(() -> outcomes.contains(Outcome.SUCCESS) && calls.get() == 3);
    assertEquals(2, outcomes.stream().filter(o -> o == Outcome.ERROR).count());
    await().until(() -> outcomes.stream().filter(o -> o == Outcome.SUCCESS).count() == 2);
    assertEquals(0, queue.numRequeues("flaky"), "success forgets the backoff");
  }

  @Test
  void errorsThatAreNotExceptionsDoNotKillTheWorker() {
    AtomicBoolean first = new AtomicBoolean(true);
    start(
        reference -> {
          if (first.getAndSet(false)) {
            throw new StackOverflowError();
          }
          return Result.done();
        },
        1);
    queue.add("deep");
    await().until(() -> outcomes.contains(Outcome.SUCCESS));
    assertEquals(List.of(Outcome.ERROR, Outcome.SUCCESS), outcomes);
    assertEquals(0, panics.get(), "the worker lived on: no panic");
  }

  @Test
  void terminalFailureIsNotRetried() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    start(
        reference -> {
          calls.incrementAndGet();
          throw new TerminalException("parameters can never work");
        },
        1);
    queue.add("broken");
    await().until(() -> outcomes.contains(Outcome.TERMINAL));
    controller.drain();
    assertEquals(1, calls.get());
    assertEquals(0, queue.numRequeues("broken"));
  }

  @Test
  void requeueAfterComesBackOnlyWhenTheDelayHasPassed() {
    FakeClock clock = new FakeClock();
    RateLimitingQueue<String> delayed =
        new RateLimitingQueue<>(
            "delayed",
            new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(1), Duration.ofMillis(10)),
            clock,
            org.slapos.instancenode.queue.QueueMetricsProvider.NONE);
    clock.onAdvance(delayed::releaseDue);
    AtomicInteger calls = new AtomicInteger();
    controller =
        new Controller(
            delayed,
            reference -> {
              calls.incrementAndGet();
              return Result.requeueAfter(Duration.ofMinutes(1));
            },
            1,
            metrics,
            clock);
    controller.start();
    delayed.add("pending-dns");
    await().until(() -> calls.get() == 1 && delayed.waitingLen() == 1);
    clock.advance(Duration.ofSeconds(59));
    assertEquals(1, calls.get());
    assertEquals(1, delayed.waitingLen());
    clock.advance(Duration.ofSeconds(1));
    await().until(() -> calls.get() == 2);
    assertTrue(outcomes.stream().allMatch(o -> o == Outcome.REQUEUE_AFTER));
  }

  @Test
  void oneReferenceIsNeverOnTwoWorkersAtOnce() throws Exception {
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    AtomicBoolean overlap = new AtomicBoolean();
    AtomicInteger calls = new AtomicInteger();
    start(
        reference -> {
          AtomicInteger count = running.computeIfAbsent(reference, r -> new AtomicInteger());
          if (count.incrementAndGet() > 1) {
            overlap.set(true);
          }
          Thread.onSpinWait();
          for (int i = 0; i < 5; i++) {
            queue.add(reference); // re-added while processing: must wait for done
          }
          count.decrementAndGet();
          calls.incrementAndGet();
          return Result.done();
        },
        4);
    for (int i = 0; i < 4; i++) {
      queue.add("ref-" + i);
    }
    await().until(() -> calls.get() >= 400);
    assertFalse(overlap.get());
  }

  @Test
  void stopFinishesInFlightWorkWithinItsBound() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start(
        reference -> {
          entered.countDown();
          release.await();
          return Result.done();
        },
        1);
    queue.add("slow");
    queue.add("never-started");
    entered.await();
    assertFalse(controller.stop(Duration.ofMillis(50)), "in-flight work holds the stop");
    release.countDown();
    assertTrue(controller.stop(Duration.ofSeconds(5)));
    assertEquals(1, outcomes.size(), "pending work is dropped on stop, in-flight work finishes");
  }

  @Test
  void workerKilledByAnErrorIsReplacedAndTheEntryRetriedWithBackoff() throws Exception {
    AtomicInteger bigCalls = new AtomicInteger();
    Set<String> done = ConcurrentHashMap.newKeySet();
    start(
        reference -> {
          if (reference.equals("big") && bigCalls.incrementAndGet() == 1) {
            throw new OutOfMemoryError("Java heap space");
          }
          done.add(reference);
          return Result.done();
        },
        1);
    queue.add("big");
    queue.add("other");
    await().until(() -> done.containsAll(Set.of("big", "other")));
    assertEquals(2, bigCalls.get(), "given back to the queue");
    assertEquals(1, controller.workerDeaths());
    assertEquals(1, controller.aliveWorkers(), "the dead worker was replaced");
    assertFalse(controller.stalled());
    await().until(() -> outcomes.size() == 3);
    assertEquals(1, outcomes.stream().filter(o -> o == Outcome.ERROR).count());
    assertEquals(1, panics.get(), "the dying worker is controller-runtime's panic");
  }

  @Test
  void workersKilledOutsideAReconcileAreCountedAndTheRunFailsInsteadOfWaitingForEver()
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    controller =
        new Controller(
            queue,
            reference -> {
              calls.incrementAndGet();
              return Result.done();
            },
            2,
            metrics,
            Clock.systemUTC(),
            new Commits() {
              @Override
              public Scope begin() {
                return then -> then.accept(Optional.empty());
              }

              @Override
              public void flush() {
                throw new OutOfMemoryError("Java heap space");
              }
            });
    // Idle workers commit what waits before taking more: each dies there, at once.
    controller.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> controller.aliveWorkers() == 0);
    queue.add("a");
    queue.add("b");
    assertTrue(controller.stalled());
    assertTrue(controller.wedged(), "no worker is left: the daemon must be restarted");
    assertEquals(2, controller.workerDeaths());
    assertEquals(2, panics.get());
    WorkersDiedException failed =
        assertThrows(WorkersDiedException.class, () -> controller.finish(Duration.ofMillis(20)));
    assertTrue(failed.getMessage().contains("out of memory: Java heap space"), failed.getMessage());
    assertEquals(0, calls.get(), "nothing was reconciled: the workers died before taking any");
  }

  @Test
  void finishFailsWhenEveryReconcileKillsItsWorker() {
    AtomicInteger calls = new AtomicInteger();
    start(
        reference -> {
          calls.incrementAndGet();
          throw new OutOfMemoryError("Java heap space");
        },
        2);
    for (int i = 0; i < 5; i++) {
      queue.add("huge-" + i);
    }
    WorkersDiedException failed =
        assertThrows(WorkersDiedException.class, () -> controller.finish(Duration.ofMillis(20)));
    assertTrue(controller.stalled());
    assertTrue(failed.getMessage().contains("out of memory: Java heap space"), failed.getMessage());
    assertTrue(failed.getMessage().contains("cannot make progress"), failed.getMessage());
    assertTrue(calls.get() >= 4);
  }

  @Test
  void finishFailsOnceTheRestIsDoneWhenAnEntryKeepsKillingItsWorker() {
    Set<String> done = ConcurrentHashMap.newKeySet();
    start(
        reference -> {
          if (reference.equals("big")) {
            throw new OutOfMemoryError("Java heap space");
          }
          done.add(reference);
          return Result.done();
        },
        2);
    for (int i = 0; i < 20; i++) {
      queue.add("ref-" + i);
    }
    queue.add("big");
    WorkersDiedException failed =
        assertThrows(WorkersDiedException.class, () -> controller.finish(Duration.ofMillis(20)));
    assertTrue(failed.getMessage().contains("1 entries are left"), failed.getMessage());
    for (int i = 0; i < 20; i++) {
      assertTrue(done.contains("ref-" + i));
    }
  }

  @Test
  void wedgedWhenEveryReconcileKillsItsWorkerOnSeveralEntriesUntilOneCompletes() {
    AtomicBoolean failing = new AtomicBoolean(true);
    Set<String> done = ConcurrentHashMap.newKeySet();
    start(
        reference -> {
          if (failing.get()) {
            throw new OutOfMemoryError("Java heap space");
          }
          done.add(reference);
          return Result.done();
        },
        2);
    assertFalse(controller.wedged(), "never before a worker died");
    queue.add("a");
    queue.add("b");
    await().until(controller::wedged);
    assertEquals(2, controller.aliveWorkers(), "replaced, yet unable to make progress");
    assertEquals("out of memory: Java heap space", controller.lastDeath());

    failing.set(false);
    await().until(() -> done.containsAll(Set.of("a", "b")));
    assertFalse(controller.wedged(), "a completed reconcile clears it");
  }

  @Test
  void oneEntryKillingEveryWorkerThatTakesItIsNotWedged() {
    AtomicInteger calls = new AtomicInteger();
    start(
        reference -> {
          calls.incrementAndGet();
          throw new OutOfMemoryError("Java heap space");
        },
        1);
    queue.add("big");
    await().until(() -> calls.get() >= 4);
    assertTrue(controller.stalled(), "a run-once would end");
    assertFalse(controller.wedged(), "a restart would not cure it");
  }
}
