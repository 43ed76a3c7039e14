/**
 * The work queue that feeds the reconcile workers: keys (entry references), never events, with the
 * guarantees of Kubernetes client-go's {@code util/workqueue}, in three layers.
 *
 * <ol>
 *   <li>{@link org.slapos.instancenode.queue.WorkQueue}: pending keys are de-duplicated; a key is
 *       never handed to two workers at once; a key added while it is processed is processed again
 *       after {@code done}, and only then; first in, first out, with {@link
 *       org.slapos.instancenode.queue.Priority#LOW} (resync) keys only when nothing else waits;
 *       shutdown with or without draining the accepted work.
 *   <li>{@link org.slapos.instancenode.queue.DelayingQueue}: {@code addAfter(key, delay)} on an
 *       injected clock; a key waits once, at its earliest ready time.
 *   <li>{@link org.slapos.instancenode.queue.RateLimitingQueue}: retries delayed by a {@link
 *       org.slapos.instancenode.queue.RateLimiter} (per-key exponential backoff, overall token
 *       bucket, the max of several), with {@code forget} and {@code numRequeues}.
 * </ol>
 *
 * <p>Worker loop duties: call {@code done(key)} for every key {@code get()} returned, whatever
 * happened; call {@code forget(key)} when processing succeeded; {@code addRateLimited(key)} to
 * retry a failure; stop when {@code get()} returns {@code null}.
 *
 * <p>Every queue reports to a {@link org.slapos.instancenode.queue.QueueMetrics} hook, enough for
 * the standard {@code workqueue_*} metrics; the default reports nothing.
 */
package org.slapos.instancenode.queue;
