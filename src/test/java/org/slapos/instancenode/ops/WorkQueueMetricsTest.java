package org.slapos.instancenode.ops;

import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.queue.WorkQueue;
import org.slapos.instancenode.testing.FakeClock;
import org.slapos.instancenode.testing.ScrapedMetrics;

/** A real {@link WorkQueue} reporting through the Prometheus adapter, scraped over HTTP. */
class WorkQueueMetricsTest {
  private final FakeClock clock = new FakeClock();
  private final PrometheusMetrics metrics = new PrometheusMetrics(PrometheusMetrics.CONTROLLER);
  private final WorkQueue<String> queue = new WorkQueue<>("entries", clock, metrics.queues());
  private final OpsEndpoint endpoint = new OpsEndpoint(metrics);

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @Test
  void addsAndDepthFollowTheQueue() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    ScrapedMetrics afterAdds = endpoint.scrape();

    queue.get();
    ScrapedMetrics afterGet = endpoint.scrape();

    assertEquals(
        2, afterAdds.value("workqueue_adds_total", "name", "entries", "controller", "entries"));
    assertEquals(
        2,
        afterAdds.value(
            "workqueue_depth", "name", "entries", "controller", "entries", "priority", ""));
    assertEquals(
        2, afterGet.value("workqueue_adds_total", "name", "entries", "controller", "entries"));
    assertEquals(
        1,
        afterGet.value(
            "workqueue_depth", "name", "entries", "controller", "entries", "priority", ""));
  }

  @Test
  void keysBeingProcessedShowAsUnfinishedWork() throws Exception {
    queue.add("a");
    queue.add("b");
    clock.advance(ofSeconds(2));
    String first = queue.get();
    clock.advance(ofSeconds(3));
    queue.get();
    clock.advance(ofSeconds(1));

    ScrapedMetrics processing = endpoint.scrape();
    queue.done(first);
    ScrapedMetrics oneDone = endpoint.scrape();

    assertEquals(
        5,
        processing.value(
            "workqueue_unfinished_work_seconds", "name", "entries", "controller", "entries"));
    assertEquals(
        4,
        processing.value(
            "workqueue_longest_running_processor_seconds",
            "name",
            "entries",
            "controller",
            "entries"));
    assertEquals(
        1,
        oneDone.value(
            "workqueue_unfinished_work_seconds", "name", "entries", "controller", "entries"));
    assertEquals(
        2,
        oneDone.value(
            "workqueue_queue_duration_seconds_count", "name", "entries", "controller", "entries"));
    assertEquals(
        7,
        oneDone.value(
            "workqueue_queue_duration_seconds_sum", "name", "entries", "controller", "entries"));
    assertEquals(
        4,
        oneDone.value(
            "workqueue_work_duration_seconds_sum", "name", "entries", "controller", "entries"));
  }
}
