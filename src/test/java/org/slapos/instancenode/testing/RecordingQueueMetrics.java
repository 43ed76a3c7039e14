package org.slapos.instancenode.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slapos.instancenode.queue.InFlight;
import org.slapos.instancenode.queue.QueueMetrics;
import org.slapos.instancenode.queue.QueueMetricsProvider;

/**
 * A {@link QueueMetricsProvider} for one queue that records every call as a short line ({@code
 * "added"}, {@code "depth 1"}, {@code "queued PT2S"}, {@code "worked PT3S"}, {@code "retried"}).
 * Thread-safe.
 */
public final class RecordingQueueMetrics implements QueueMetricsProvider, QueueMetrics {
  private final List<String> calls = new ArrayList<>();
  private String queueName;
  private Supplier<InFlight> inFlight;

  @Override
  public synchronized QueueMetrics forQueue(String queueName, Supplier<InFlight> inFlight) {
    this.queueName = queueName;
    this.inFlight = inFlight;
    return this;
  }

  /** The name the queue gave when it was built. */
  public synchronized String queueName() {
    return queueName;
  }

  /** Reads the in-flight snapshot through the probe the queue gave. */
  public InFlight inFlight() {
    Supplier<InFlight> probe;
    synchronized (this) {
      probe = inFlight;
    }
    return probe.get();
  }

  /** Returns the calls recorded so far, oldest first, and forgets them. */
  public synchronized List<String> drain() {
    List<String> recorded = List.copyOf(calls);
    calls.clear();
    return recorded;
  }

  @Override
  public synchronized void added() {
    calls.add("added");
  }

  @Override
  public synchronized void depth(int pendingKeys) {
    calls.add("depth " + pendingKeys);
  }

  @Override
  public synchronized void queued(Duration waited) {
    calls.add("queued " + waited);
  }

  @Override
  public synchronized void worked(Duration worked) {
    calls.add("worked " + worked);
  }

  @Override
  public synchronized void retried() {
    calls.add("retried");
  }
}
