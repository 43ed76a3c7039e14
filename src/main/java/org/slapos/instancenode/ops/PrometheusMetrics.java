package org.slapos.instancenode.ops;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slapos.instancenode.cdn.BackendProbeRunner;
import org.slapos.instancenode.dns.DnsMetrics;
import org.slapos.instancenode.engine.PassMetrics;
import org.slapos.instancenode.master.MasterMetrics;
import org.slapos.instancenode.queue.QueueMetricsProvider;
import org.slapos.instancenode.reconcile.ReconcileMetrics;
import org.slapos.instancenode.store.InstanceStore;

/**
 * The Prometheus adapter: the metric hooks of the queue, the worker loop and the engine, recorded
 * in a {@link PrometheusRegistry} of its own (never the global default, so two instances never
 * share series) under the names of ARCHITECTURE.md section 8.
 *
 * <p>Every series known in advance exists at zero as soon as this object is built: those of the
 * controller, passes, bangs, master calls and backend probes. A queue's series appear, at zero,
 * when the queue is built with {@link #queues()}; the entries and the owed bang, once {@link
 * #countEntries} and {@link #watchBangs} name where to read them. The JVM and process metrics
 * ({@code jvm_*}, {@code process_*}) are the Prometheus client's own; {@code
 * instancenode_build_info{version,revision}} is 1.
 *
 * <p>Thread-safe: the hooks may be called from any thread, concurrently with scrapes.
 */
public final class PrometheusMetrics {
  /** The controller name used in production, for the {@code controller} label. */
  public static final String CONTROLLER = "cdn-instance-node";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusQueueMetrics queues;
  private final PrometheusReconcileMetrics reconciles;
  private final PrometheusPassMetrics passes;
  private final PrometheusDnsMetrics dns;
  private final PrometheusMasterMetrics master;
  private final PrometheusBackendProbeMetrics backendProbes;

  /**
   * @param controller the value of the {@code controller} label, for example {@link #CONTROLLER}
   */
  public PrometheusMetrics(String controller) {
    Objects.requireNonNull(controller, "controller");
    queues = new PrometheusQueueMetrics(registry);
    reconciles = new PrometheusReconcileMetrics(controller, registry);
    passes = new PrometheusPassMetrics(registry);
    dns = new PrometheusDnsMetrics(registry);
    master = new PrometheusMasterMetrics(registry);
    backendProbes = new PrometheusBackendProbeMetrics(registry);
    JvmMetrics.builder().register(registry);
    Info.builder()
        .name("instancenode_build_info")
        .help("The version and git commit of the running build")
        .labelNames("version", "revision")
        .register(registry)
        .addLabelValues(BuildInfo.CURRENT.version(), BuildInfo.CURRENT.revision());
  }

  /**
   * Serves {@code instancenode_entries{state,reason}} counted from {@code requestDb} at each scrape
   * (see {@link EntriesCollector}) and {@code
   * instancenode_certificate_expiry_timestamp_seconds{reference}} read from it (see {@link
   * CertificateExpiryCollector}). Call once, when the request DB is open.
   */
  public void countEntries(InstanceStore requestDb) {
    Objects.requireNonNull(requestDb, "requestDb");
    registry.register(new EntriesCollector(requestDb));
    registry.register(new CertificateExpiryCollector(requestDb));
  }

  /**
   * Serves {@code instancenode_resync_period_seconds}, the configured time between passes, so that
   * alerts can count missed passes in periods whatever the configuration. Call once.
   */
  public void resyncPeriod(Duration period) {
    Gauge.builder()
        .name("instancenode_resync_period_seconds")
        .help("The configured time between two passes (resync-period), in seconds")
        .register(registry)
        .set(Seconds.of(period));
  }

  /**
   * Serves {@code instancenode_bang_owed_since_timestamp_seconds}: since when a bang of the host
   * instance has been owed and not sent, in Unix seconds, 0 while none is owed. Read at each
   * scrape; call once.
   *
   * @param owedSince thread-safe and quick
   */
  public void watchBangs(Supplier<Optional<Instant>> owedSince) {
    Objects.requireNonNull(owedSince, "owedSince");
    GaugeWithCallback.builder()
        .name("instancenode_bang_owed_since_timestamp_seconds")
        .help("Since when a bang of the host instance is owed and not sent, Unix seconds; 0: none")
        .callback(callback -> callback.call(owedSince.get().map(Seconds::sinceEpoch).orElse(0.0)))
        .register(registry);
  }

  /** What {@link OpsServer} serves on {@code /metrics}. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** For the work queues ({@code workqueue_*}, labelled with each queue's name). */
  public QueueMetricsProvider queues() {
    return queues;
  }

  /** For the worker loop ({@code controller_runtime_*}). */
  public ReconcileMetrics reconciles() {
    return reconciles;
  }

  /** For the DNS lookups of domain challenges ({@code instancenode_dns_*}). */
  public DnsMetrics dns() {
    return dns;
  }

  /** For the engine's passes ({@code instancenode_*}). */
  public PassMetrics passes() {
    return passes;
  }

  /** For the live probes of backends ({@code instancenode_backend_probes_total}). */
  public BackendProbeRunner.Metrics backendProbes() {
    return backendProbes;
  }

  /** For the master client ({@code instancenode_master_*}). */
  public MasterMetrics master() {
    return master;
  }
}
