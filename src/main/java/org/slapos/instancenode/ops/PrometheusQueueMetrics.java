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
 * The {@code workqueue_*} family under client-go's names, label {@code name}. A queue's series are
 * created at zero when the queue is built. One live queue per name: a queue built later under the
 * same name shares the counters and takes over the in-flight gauges.
 */
final class PrometheusQueueMetrics implements QueueMetricsProvider {
  private static final String NAME = "name";

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
            .help("Current depth of workqueue")
            .labelNames(NAME)
            .register(registry);
    adds =
        Counter.builder()
            .name("workqueue_adds_total")
            .help("Total number of adds handled by workqueue")
            .labelNames(NAME)
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
            .labelNames(NAME)
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
    depth.initLabelValues(queueName);
    adds.initLabelValues(queueName);
    queueDuration.initLabelValues(queueName);
    workDuration.initLabelValues(queueName);
    retries.initLabelValues(queueName);
    inFlight.put(queueName, inFlightNow);
    return new QueueMetrics() {
      @Override
      public void added() {
        adds.labelValues(queueName).inc();
      }

      @Override
      public void depth(int pendingKeys) {
        depth.labelValues(queueName).set(pendingKeys);
      }

      @Override
      public void queued(Duration waited) {
        queueDuration.labelValues(queueName).observe(Seconds.of(waited));
      }

      @Override
      public void worked(Duration worked) {
        workDuration.labelValues(queueName).observe(Seconds.of(worked));
      }

      @Override
      public void retried() {
        retries.labelValues(queueName).inc();
      }
    };
  }

  // client-go's ExponentialBuckets(10e-9, 10, 10): 10 ns to 10 s.
  private static Histogram durations(String name, String help, PrometheusRegistry registry) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .labelNames(NAME)
        .classicOnly()
        .classicExponentialUpperBounds(10e-9, 10, 10)
        .register(registry);
  }

  private void inFlightGauge(
      String name, String help, Function<InFlight, Duration> read, PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(NAME)
        .callback(
            callback ->
                inFlight.forEach(
                    (queueName, now) ->
                        callback.call(Seconds.of(read.apply(now.get())), queueName)))
        .register(registry);
  }
}
