/**
 * Operations: the Prometheus adapter of the core's metric hooks and the HTTP endpoints of
 * ARCHITECTURE.md section 8.
 *
 * <ul>
 *   <li>{@link org.slapos.instancenode.ops.PrometheusMetrics} maps the queue, worker-loop and pass
 *       hooks to the standard names ({@code workqueue_*}, {@code controller_runtime_*}) and ours
 *       ({@code instancenode_*}), in a registry of its own. Every label series known in advance
 *       exists at zero from the start, so rates and alerts work before the first event; the entries
 *       are counted from the request DB at scrape time, one whole picture, with vanished series at
 *       zero rather than stale. JVM and process metrics come from the client's instrumentation.
 *   <li>{@link org.slapos.instancenode.ops.OpsServer} serves {@code /metrics}, {@code /healthz} and
 *       {@code /readyz} on {@code metrics-address} from two daemon threads, and stops at once on
 *       {@code close()}; an address that cannot be bound is a configuration error naming it.
 *   <li>{@link org.slapos.instancenode.ops.LoopHeartbeat} (alive while the loop beats within a
 *       bound, on an injected clock) and {@link org.slapos.instancenode.ops.Readiness} (first pass
 *       done, the last pass succeeded, the stores writable; its detail is the true reason) are the
 *       probes behind the two health endpoints.
 *   <li>{@link org.slapos.instancenode.ops.Signals} installs the SIGHUP and SIGTERM/SIGINT handlers
 *       (they only notify the loop), and {@link org.slapos.instancenode.ops.LoggingSetup}
 *       configures Logback in code: text or JSON lines, stderr or a {@code 0600} log file.
 * </ul>
 */
package org.slapos.instancenode.ops;
