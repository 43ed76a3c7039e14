package org.slapos.instancenode.queue;

import java.util.function.Supplier;

/**
 * Makes the {@link QueueMetrics} of each queue; a metrics adapter implements it once for the whole
 * process and labels what it records with the queue's name.
 */
@FunctionalInterface
public interface QueueMetricsProvider {
  /** Reports nothing. */
  QueueMetricsProvider NONE = (name, inFlight) -> QueueMetrics.NONE;

  /**
   * Called once by each queue as it is built.
   *
   * @param queueName the name the queue was given, for the {@code name} label
   * @param inFlight reads, whenever the adapter wants (typically at scrape time), how long the keys
   *     being processed have been running; thread-safe, takes the queue's lock briefly
   */
  QueueMetrics forQueue(String queueName, Supplier<InFlight> inFlight);
}
