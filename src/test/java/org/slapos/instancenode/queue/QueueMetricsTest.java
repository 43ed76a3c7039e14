package org.slapos.instancenode.queue;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.FakeClock;
import org.slapos.instancenode.testing.RecordingQueueMetrics;

class QueueMetricsTest {
  private final FakeClock clock = new FakeClock();
  private final RecordingQueueMetrics metrics = new RecordingQueueMetrics();
  private final RateLimitingQueue<String> queue =
      new RateLimitingQueue<>(
          "entries",
          new ItemExponentialFailureRateLimiter<>(ofMillis(5), ofSeconds(1)),
          clock,
          metrics);

  @Test
  void providerIsAskedWithTheQueueName() {
    assertEquals("entries", metrics.queueName());
  }

  @Test
  void addsReportTheNewKeyAndTheDepthButRepeatsReportNothing() {
    queue.add("a");
    queue.add("b");
    queue.add("a");

    assertEquals(List.of("added", "depth 1", "added", "depth 2"), metrics.drain());
  }

  @Test
  void getReportsTheTimeQueuedAndDoneTheTimeWorked() throws InterruptedException {
    queue.add("a");
    metrics.drain();

    clock.advance(ofSeconds(2));
    queue.get();
    clock.advance(ofSeconds(3));
    queue.done("a");

    assertEquals(List.of("queued PT2S", "depth 0", "worked PT3S"), metrics.drain());
  }

  @Test
  void keyAddedWhileProcessingCountsInTheDepth() throws InterruptedException {
    queue.add("a");
    queue.get();
    metrics.drain();

    queue.add("a");

    assertEquals(List.of("added", "depth 1"), metrics.drain());
    assertEquals(0, queue.len());
  }

  @Test
  void inFlightReportsUnfinishedWorkAndTheLongestRunningKey() throws InterruptedException {
    queue.add("a");
    queue.add("b");
    assertEquals(new InFlight(0, ZERO, ZERO), metrics.inFlight());

    queue.get();
    clock.advance(ofSeconds(1));
    queue.get();
    clock.advance(ofSeconds(2));

    assertEquals(new InFlight(2, ofSeconds(5), ofSeconds(3)), metrics.inFlight());
    queue.done("a");
    assertEquals(new InFlight(1, ofSeconds(2), ofSeconds(2)), metrics.inFlight());
  }

  @Test
  void delayedAndRateLimitedAddsCountAsRetries() {
    queue.addAfter("a", ofSeconds(1));
    queue.addRateLimited("b");

    assertEquals(List.of("retried", "retried"), metrics.drain());
  }

  @Test
  void shutDownReportsAnEmptyQueue() {
    queue.add("a");
    metrics.drain();

    queue.shutDown();

    assertEquals(List.of("depth 0"), metrics.drain());
  }
}
