package org.slapos.instancenode.ops;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slapos.instancenode.engine.PassMetrics;
import org.slapos.instancenode.queue.InFlight;
import org.slapos.instancenode.queue.QueueMetrics;
import org.slapos.instancenode.reconcile.ReconcileMetrics;
import org.slapos.instancenode.reconcile.ReconcileMetrics.Outcome;
import org.slapos.instancenode.testing.ScrapedMetrics;

class PrometheusMetricsTest {
  private static final String C = PrometheusMetrics.CONTROLLER;

  private final PrometheusMetrics metrics = new PrometheusMetrics(C);
  private final AtomicReference<InFlight> inFlight =
      new AtomicReference<>(new InFlight(0, Duration.ZERO, Duration.ZERO));
  private final QueueMetrics queue = metrics.queues().forQueue("entries", inFlight::get);
  private final ReconcileMetrics reconciles = metrics.reconciles();
  private final PassMetrics passes = metrics.passes();
  private final OpsEndpoint endpoint = new OpsEndpoint(metrics);

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @ParameterizedTest
  @CsvSource({
    "workqueue_depth, gauge",
    "workqueue_adds_total, counter",
    "workqueue_queue_duration_seconds, histogram",
    "workqueue_work_duration_seconds, histogram",
    "workqueue_retries_total, counter",
    "workqueue_unfinished_work_seconds, gauge",
    "workqueue_longest_running_processor_seconds, gauge",
    "controller_runtime_reconcile_total, counter",
    "controller_runtime_reconcile_errors_total, counter",
    "controller_runtime_terminal_reconcile_errors_total, counter",
    "controller_runtime_reconcile_panics_total, counter",
    "controller_runtime_reconcile_time_seconds, histogram",
    "controller_runtime_active_workers, gauge",
    "controller_runtime_max_concurrent_reconciles, gauge",
    "instancenode_pass_duration_seconds, histogram",
    "instancenode_passes_total, counter",
    "instancenode_last_successful_pass_timestamp_seconds, gauge",
    "instancenode_bangs_total, counter",
    "jvm_memory_used_bytes, gauge",
    "jvm_threads_current, gauge",
    "jvm_gc_collection_seconds, summary",
    "process_cpu_seconds_total, counter",
    "process_start_time_seconds, gauge",
    "process_open_fds, gauge",
    "process_resident_memory_bytes, gauge",
  })
  void everyFamilyIsExposedWithItsType(String family, String type) throws Exception {
    assertEquals(type, endpoint.scrape().type(family));
  }

  @ParameterizedTest
  @CsvSource({
    "workqueue_depth, name=entries;controller=entries;priority=",
    "workqueue_adds_total, name=entries;controller=entries",
    "workqueue_queue_duration_seconds_count, name=entries;controller=entries",
    "workqueue_work_duration_seconds_count, name=entries;controller=entries",
    "workqueue_retries_total, name=entries;controller=entries",
    "workqueue_unfinished_work_seconds, name=entries;controller=entries",
    "workqueue_longest_running_processor_seconds, name=entries;controller=entries",
    "controller_runtime_reconcile_total, controller=cdn-instance-node;result=success",
    "controller_runtime_reconcile_total, controller=cdn-instance-node;result=error",
    "controller_runtime_reconcile_total, controller=cdn-instance-node;result=requeue",
    "controller_runtime_reconcile_total, controller=cdn-instance-node;result=requeue_after",
    "controller_runtime_reconcile_errors_total, controller=cdn-instance-node",
    "controller_runtime_terminal_reconcile_errors_total, controller=cdn-instance-node",
    "controller_runtime_reconcile_panics_total, controller=cdn-instance-node",
    "controller_runtime_reconcile_time_seconds_count, controller=cdn-instance-node",
    "controller_runtime_active_workers, controller=cdn-instance-node",
    "controller_runtime_max_concurrent_reconciles, controller=cdn-instance-node",
    "instancenode_pass_duration_seconds_count, ''",
    "instancenode_passes_total, result=success",
    "instancenode_passes_total, result=failure",
    "instancenode_last_successful_pass_timestamp_seconds, ''",
    "instancenode_bangs_total, result=sent",
    "instancenode_bangs_total, result=failed",
    "instancenode_bangs_total, result=logged",
  })
  void knownSeriesStartAtZero(String name, String labels) throws Exception {
    assertEquals(0, endpoint.scrape().value(name, labels(labels)));
  }

  @Test
  void queueEventsAreCounted() throws Exception {
    queue.added();
    queue.added();
    queue.added();
    queue.depth(2);
    queue.retried();
    queue.queued(ofMillis(1500));
    queue.worked(ofMillis(20));

    ScrapedMetrics scraped = endpoint.scrape();
    assertEquals(
        3, scraped.value("workqueue_adds_total", "name", "entries", "controller", "entries"));
    assertEquals(
        2,
        scraped.value(
            "workqueue_depth", "name", "entries", "controller", "entries", "priority", ""));
    assertEquals(
        1, scraped.value("workqueue_retries_total", "name", "entries", "controller", "entries"));
    assertEquals(
        1,
        scraped.value(
            "workqueue_queue_duration_seconds_count", "name", "entries", "controller", "entries"));
    assertEquals(
        1.5,
        scraped.value(
            "workqueue_queue_duration_seconds_sum", "name", "entries", "controller", "entries"));
    assertEquals(
        0,
        scraped.value(
            "workqueue_queue_duration_seconds_bucket",
            "name",
            "entries",
            "controller",
            "entries",
            "le",
            "1.0"));
    assertEquals(
        1,
        scraped.value(
            "workqueue_queue_duration_seconds_bucket",
            "name",
            "entries",
            "controller",
            "entries",
            "le",
            "10.0"));
    assertEquals(
        1,
        scraped.value(
            "workqueue_work_duration_seconds_bucket",
            "name",
            "entries",
            "controller",
            "entries",
            "le",
            "0.1"));
    assertEquals(
        0.02,
        scraped.value(
            "workqueue_work_duration_seconds_sum", "name", "entries", "controller", "entries"));
  }

  @Test
  void inFlightWorkIsReadAtScrapeTime() throws Exception {
    inFlight.set(new InFlight(2, ofSeconds(7), ofSeconds(5)));
    ScrapedMetrics first = endpoint.scrape();
    inFlight.set(new InFlight(1, ofMillis(250), ofMillis(250)));
    ScrapedMetrics second = endpoint.scrape();

    assertEquals(
        7,
        first.value(
            "workqueue_unfinished_work_seconds", "name", "entries", "controller", "entries"));
    assertEquals(
        5,
        first.value(
            "workqueue_longest_running_processor_seconds",
            "name",
            "entries",
            "controller",
            "entries"));
    assertEquals(
        0.25,
        second.value(
            "workqueue_unfinished_work_seconds", "name", "entries", "controller", "entries"));
    assertEquals(
        0.25,
        second.value(
            "workqueue_longest_running_processor_seconds",
            "name",
            "entries",
            "controller",
            "entries"));
  }

  @Test
  void outcomesMapToControllerRuntimeResults() throws Exception {
    reconciles.started(4);
    reconciles.activeWorkers(3);
    reconciles.reconciled(Outcome.SUCCESS, ofMillis(100));
    reconciles.reconciled(Outcome.SUCCESS, ofMillis(200));
    reconciles.reconciled(Outcome.REQUEUE_AFTER, ofSeconds(2));
    reconciles.reconciled(Outcome.ERROR, ofMillis(50));
    reconciles.reconciled(Outcome.TERMINAL, ofSeconds(70));

    ScrapedMetrics scraped = endpoint.scrape();
    assertEquals(2, reconcileTotal(scraped, "success"));
    assertEquals(1, reconcileTotal(scraped, "requeue_after"));
    assertEquals(2, reconcileTotal(scraped, "error"));
    assertEquals(0, reconcileTotal(scraped, "requeue"));
    assertEquals(2, scraped.value("controller_runtime_reconcile_errors_total", "controller", C));
    assertEquals(
        1, scraped.value("controller_runtime_terminal_reconcile_errors_total", "controller", C));
    assertEquals(
        5, scraped.value("controller_runtime_reconcile_time_seconds_count", "controller", C));
    assertEquals(
        72.35,
        scraped.value("controller_runtime_reconcile_time_seconds_sum", "controller", C),
        1e-9);
    assertEquals(3, reconcileTimeBucket(scraped, "0.2"));
    assertEquals(4, reconcileTimeBucket(scraped, "60.0"));
    assertEquals(5, reconcileTimeBucket(scraped, "+Inf"));
    assertEquals(3, scraped.value("controller_runtime_active_workers", "controller", C));
    assertEquals(4, scraped.value("controller_runtime_max_concurrent_reconciles", "controller", C));
  }

  @Test
  void aPanicCountsAsAPanicAndAnError() throws Exception {
    reconciles.panicked();
    reconciles.reconciled(Outcome.ERROR, ofMillis(10));

    ScrapedMetrics scraped = endpoint.scrape();
    assertEquals(1, scraped.value("controller_runtime_reconcile_panics_total", "controller", C));
    assertEquals(1, scraped.value("controller_runtime_reconcile_errors_total", "controller", C));
    assertEquals(1, reconcileTotal(scraped, "error"));
  }

  @Test
  void theOwedBangIsReadAtScrapeTime() throws Exception {
    AtomicReference<Optional<Instant>> owedSince = new AtomicReference<>(Optional.empty());
    metrics.watchBangs(owedSince::get);
    String name = "instancenode_bang_owed_since_timestamp_seconds";

    assertEquals(0, endpoint.scrape().value(name));
    owedSince.set(Optional.of(Instant.parse("2025-01-01T00:00:00Z")));
    assertEquals(1735689600, endpoint.scrape().value(name));
  }

  @Test
  void theBuildIsExportedAsBuildInfo() throws Exception {
    assertEquals(
        1,
        endpoint
            .scrape()
            .value(
                "instancenode_build_info",
                "version",
                BuildInfo.CURRENT.version(),
                "revision",
                BuildInfo.CURRENT.revision()));
  }

  @Test
  void theResyncPeriodIsExportedInSeconds() throws Exception {
    metrics.resyncPeriod(Duration.ofMillis(90_500));

    assertEquals(90.5, endpoint.scrape().value("instancenode_resync_period_seconds"));
  }

  @Test
  void passesRecordDurationResultAndLastSuccess() throws Exception {
    Instant succeededAt = Instant.parse("2025-01-01T00:00:00.5Z");
    passes.passFinished(ofSeconds(2), true, succeededAt);
    passes.passFinished(ofMillis(300), false, succeededAt.plusSeconds(60));

    ScrapedMetrics scraped = endpoint.scrape();
    assertEquals(1, scraped.value("instancenode_passes_total", "result", "success"));
    assertEquals(1, scraped.value("instancenode_passes_total", "result", "failure"));
    assertEquals(
        1735689600.5, scraped.value("instancenode_last_successful_pass_timestamp_seconds"));
    assertEquals(2, scraped.value("instancenode_pass_duration_seconds_count"));
    assertEquals(2.3, scraped.value("instancenode_pass_duration_seconds_sum"), 1e-9);
    assertEquals(1, scraped.value("instancenode_pass_duration_seconds_bucket", "le", "0.5"));
  }

  @Test
  void bangsAreCountedByResult() throws Exception {
    passes.bang(true);
    passes.bang(true);
    passes.bang(false);
    passes.bangLogged();

    ScrapedMetrics scraped = endpoint.scrape();
    assertEquals(2, scraped.value("instancenode_bangs_total", "result", "sent"));
    assertEquals(1, scraped.value("instancenode_bangs_total", "result", "failed"));
    assertEquals(1, scraped.value("instancenode_bangs_total", "result", "logged"));
  }

  @Test
  void eachAdapterHasItsOwnRegistry() throws IOException, InterruptedException {
    PrometheusMetrics other = new PrometheusMetrics(C);
    other.passes().bang(true);

    assertNotSame(metrics.registry(), other.registry());
    assertEquals(0, endpoint.scrape().value("instancenode_bangs_total", "result", "sent"));
  }

  @Test
  void aQueueBuiltLaterAddsItsOwnSeries() throws Exception {
    metrics.queues().forQueue("other", inFlight::get).added();

    ScrapedMetrics scraped = endpoint.scrape();
    assertEquals(1, scraped.value("workqueue_adds_total", "name", "other", "controller", "other"));
    assertEquals(
        0, scraped.value("workqueue_adds_total", "name", "entries", "controller", "entries"));
    assertTrue(
        scraped.has("workqueue_unfinished_work_seconds", "name", "other", "controller", "other"));
  }

  private static double reconcileTotal(ScrapedMetrics scraped, String result) {
    return scraped.value("controller_runtime_reconcile_total", "controller", C, "result", result);
  }

  private static double reconcileTimeBucket(ScrapedMetrics scraped, String le) {
    return scraped.value(
        "controller_runtime_reconcile_time_seconds_bucket", "controller", C, "le", le);
  }

  // "a=1;b=" as alternating names and values; "" for no labels.
  private static String[] labels(String spec) {
    if (spec == null || spec.isEmpty()) {
      return new String[0];
    }
    return Stream.of(spec.split(";"))
        .flatMap(pair -> Stream.of(pair.split("=", 2)))
        .toArray(String[]::new);
  }
}
