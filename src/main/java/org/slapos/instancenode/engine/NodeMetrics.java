package org.slapos.instancenode.engine;

import org.slapos.instancenode.cdn.BackendProbeRunner;
import org.slapos.instancenode.dns.DnsMetrics;
import org.slapos.instancenode.master.MasterMetrics;
import org.slapos.instancenode.queue.QueueMetricsProvider;
import org.slapos.instancenode.reconcile.ReconcileMetrics;

/** The metric hooks of the node's parts; {@link #NONE} reports nothing. */
public record NodeMetrics(
    QueueMetricsProvider queues,
    ReconcileMetrics reconciles,
    PassMetrics passes,
    DnsMetrics dns,
    MasterMetrics master,
    BackendProbeRunner.Metrics backendProbes) {
  public static final NodeMetrics NONE =
      new NodeMetrics(
          QueueMetricsProvider.NONE,
          ReconcileMetrics.NONE,
          PassMetrics.NONE,
          DnsMetrics.NONE,
          MasterMetrics.NONE,
          BackendProbeRunner.Metrics.NONE);
}
