package org.slapos.instancenode.ops;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slapos.instancenode.queue.InFlight;
import org.slapos.instancenode.queue.QueueMetrics;
import org.slapos.instancenode.queue.QueueMetricsProvider;

/**
 * The {@code workqueue_*} family as current controller-runtime exports it: labels {@code name} and
 * {@code controller} (both the queue's name: a controller owns one queue named after it), and on
 * {@code workqueue_depth} also {@code priority}, {@code ""} as controller-runtime's queues without
 * priorities give it (the depth counts every lane); histograms with its buckets. A queue's series
 * are created at zero when the queue is built. One live queue per name: a queue built later under
 * the same name shares the counters and takes over the in-flight gauges.
 */
final class PrometheusQueueMetrics implements QueueMetricsProvider {
  private static final String NAME = "name";
  private static final String CONTROLLER = "controller";
  private static final String NO_PRIORITY = "";

  private final Gauge depth;
  private final Counter adds;
  private final Histogram queueDuration;
  private final Histogram workDuration;
  private final Counter retries;
  // Read at scrape time by the two in-flight gauges.
  private final Map<String, Supplier<InFlight>> inFlight = new ConcurrentHashMap<>();

  PrometheusQueueMetrics(PrometheusRegistry registry) {
    depth =
        Gauge.builder()
            .name("workqueue_depth")
            .help("Current depth of workqueue by workqueue and priority")
            .labelNames(NAME, CONTROLLER, "priority")
            .register(registry);
    adds =
        Counter.builder()
            .name("workqueue_adds_total")
            .help("Total number of adds handled by workqueue")
            .labelNames(NAME, CONTROLLER)
            .register(registry);
    queueDuration =
        durations(
            "workqueue_queue_duration_seconds",
            "How long in seconds an item stays in workqueue before being requested",
            registry);
    workDuration =
        durations(
            "workqueue_work_duration_seconds",
            "How long in seconds processing an item from workqueue takes",
            registry);
    retries =
        Counter.builder()
            .name("workqueue_retries_total")
            .help("Total number of retries handled by workqueue")
            .labelNames(NAME, CONTROLLER)
            .register(registry);
    inFlightGauge(
        "workqueue_unfinished_work_seconds",
        "How many seconds of work has been done that is in progress and hasn't been observed by"
            + " work_duration",
        InFlight::unfinishedWork,
        registry);
    inFlightGauge(
        "workqueue_longest_running_processor_seconds",
        "How many seconds has the longest running processor for workqueue been running",
        InFlight::longestRunning,
        registry);
  }

  @Override
  public QueueMetrics forQueue(String queueName, Supplier<InFlight> inFlightNow) {
    depth.initLabelValues(queueName, queueName, NO_PRIORITY);
    adds.initLabelValues(queueName, queueName);
    queueDuration.initLabelValues(queueName, queueName);
    workDuration.initLabelValues(queueName, queueName);
    retries.initLabelValues(queueName, queueName);
    inFlight.put(queueName, inFlightNow);
    return new QueueMetrics() {
      @Override
      public void added() {
        adds.labelValues(queueName, queueName).inc();
      }

      @Override
      public void depth(int pendingKeys) {
        depth.labelValues(queueName, queueName, NO_PRIORITY).set(pendingKeys);
      }

      @Override
      public void queued(Duration waited) {
        queueDuration.labelValues(queueName, queueName).observe(Seconds.of(waited));
      }

      @Override
      public void worked(Duration worked) {
        workDuration.labelValues(queueName, queueName).observe(Seconds.of(worked));
      }

      @Override
      public void retried() {
        retries.labelValues(queueName, queueName).inc();
      }
    };
  }

  // controller-runtime's ExponentialBuckets(10e-9, 10, 12): 10 ns to 1000 s.
  private static Histogram durations(String name, String help, PrometheusRegistry registry) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .labelNames(NAME, CONTROLLER)
        .classicOnly()
        .classicExponentialUpperBounds(10e-9, 10, 12)
        .register(registry);
  }

  private void inFlightGauge(
      String name, String help, Function<InFlight, Duration> read, PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(NAME, CONTROLLER)
        .callback(
            callback ->
                inFlight.forEach(
                    (queueName, now) ->
                        callback.call(Seconds.of(read.apply(now.get())), queueName, queueName)))
        .register(registry);
  }
}
