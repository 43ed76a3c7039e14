package org.slapos.instancenode.queue;

import java.time.Duration;

/**
 * What one queue reports as it works, for the standard {@code workqueue_*} metrics. A {@link
 * QueueMetricsProvider} makes one per queue, knowing the queue's name.
 *
 * <p>The queue may call these methods while holding its lock: implementations must be thread-safe,
 * quick and must not block or call back into the queue. Every method defaults to doing nothing.
 */
public interface QueueMetrics {
  /** Reports nothing. */
  QueueMetrics NONE = new QueueMetrics() {};

  /**
   * A key became pending ({@code workqueue_adds_total}); a repeated add of a pending key is not.
   */
  default void added() {}

  /**
   * The number of pending keys changed ({@code workqueue_depth}): keys waiting to be handed out,
   * including those held back until their earlier run is done.
   */
  default void depth(int pendingKeys) {}

  /** A key was handed out after waiting this long since it became pending. */
  default void queued(Duration waited) {}

  /** A key was marked done after being processed for this long. */
  default void worked(Duration worked) {}

  /** A key was scheduled again through a delayed or rate-limited add. */
  default void retried() {}
}
