package org.slapos.instancenode.queue;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slapos.instancenode.testing.FakeClock;

class DelayingQueueTest {
  private final FakeClock clock = new FakeClock();
  private final DelayingQueue<String> queue = steppedQueue(clock);

  @Test
  void delayedKeyIsNotReadyBeforeItsTimeAndReadyAtIt() throws InterruptedException {
    queue.addAfter("foo", ofMillis(50));
    assertEquals(0, queue.len());
    assertEquals(1, queue.waitingLen());

    clock.advance(ofMillis(49));
    assertEquals(0, queue.len());

    clock.advance(ofMillis(1));
    assertEquals(1, queue.len());
    assertEquals(0, queue.waitingLen());
    assertEquals("foo", queue.get());
  }

  @Test
  void keyFiresOnceEvenIfTheClockMovesOnPastItsTime() throws InterruptedException {
    queue.addAfter("foo", ofMillis(50));
    clock.advance(ofMillis(60));
    queue.done(queue.get());

    clock.advance(ofSeconds(10));

    assertEquals(0, queue.len());
  }

  @Test
  void earlierReadyTimeWinsWhenAddedLater() {
    queue.addAfter("foo", ofMillis(50));
    queue.addAfter("foo", ofMillis(30));
    assertEquals(1, queue.waitingLen());

    clock.advance(ofMillis(40));
    assertEquals(1, queue.len());
    assertEquals(0, queue.waitingLen(), "the later time was merged, not kept");
  }

  @Test
  void earlierReadyTimeWinsWhenAddedFirst() throws InterruptedException {
    queue.addAfter("foo", ofMillis(50));
    queue.addAfter("foo", ofMillis(70));

    clock.advance(ofMillis(60));
    assertEquals(1, queue.len());
    queue.done(queue.get());

    clock.advance(ofMillis(20));
    assertEquals(0, queue.len());
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -60_000})
  void zeroOrNegativeDelayAddsAtOnce(long delayMillis) {
    queue.addAfter("foo", ofMillis(delayMillis));

    assertEquals(1, queue.len());
    assertEquals(0, queue.waitingLen());
  }

  @Test
  void keysBecomeReadyInReadyTimeOrder() throws InterruptedException {
    queue.addAfter("foo", ofSeconds(1));
    queue.addAfter("bar", ofMillis(500));
    queue.addAfter("baz", ofMillis(250));
    queue.addAfter("qux", ofMillis(500));

    clock.advance(ofSeconds(2));

    assertEquals(List.of("baz", "bar", "qux", "foo"), ReadyKeys.takeAll(queue));
  }

  @Test
  void keysFireOneAfterAnotherAsTheClockMoves() throws InterruptedException {
    queue.addAfter("foo", ofSeconds(1));
    queue.addAfter("bar", ofMillis(50));

    clock.advance(ofMillis(60));
    assertEquals(List.of("bar"), ReadyKeys.takeAll(queue));

    queue.addAfter("baz", ofSeconds(2));
    clock.advance(ofSeconds(1));
    assertEquals(List.of("foo"), ReadyKeys.takeAll(queue));

    clock.advance(ofSeconds(2));
    assertEquals(List.of("baz"), ReadyKeys.takeAll(queue));
  }

  @Test
  void keyDelayedWhileProcessingIsReadyAfterDone() throws InterruptedException {
    queue.add("foo");
    queue.get();
    queue.addAfter("foo", ofMillis(5));

    clock.advance(ofMillis(5));
    assertEquals(0, queue.len());

    queue.done("foo");
    assertEquals(1, queue.len());
  }

  @Test
  void shutDownDropsWaitingKeysAndLaterDelayedAdds() {
    queue.addAfter("foo", ofMillis(5));

    queue.shutDown();
    queue.addAfter("bar", ofMillis(5));
    queue.addAfter("baz", Duration.ZERO);
    clock.advance(ofSeconds(1));

    assertEquals(0, queue.waitingLen());
    assertEquals(0, queue.len());
  }

  @Test
  @Timeout(10)
  void ownThreadAddsKeysWhenTheirTimeComes() throws InterruptedException {
    DelayingQueue<String> realTime = new DelayingQueue<>("real-time");
    try {
      realTime.addAfter("later", ofHours(1));
      realTime.addAfter("soon", ofMillis(20));

      assertEquals("soon", realTime.get(), "an earlier key wakes the waiting thread");
      assertEquals(1, realTime.waitingLen());
    } finally {
      realTime.shutDown();
    }
  }

  private static DelayingQueue<String> steppedQueue(FakeClock clock) {
    DelayingQueue<String> queue = new DelayingQueue<>("test", clock, QueueMetricsProvider.NONE);
    clock.onAdvance(queue::releaseDue);
    return queue;
  }
}
