package org.slapos.instancenode.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the queue's progress once a minute while there is work, so long passes are not silent. */
final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "progress");
            thread.setDaemon(true);
            return thread;
          });

  Progress(Node node, Duration every) {
    timer.scheduleAtFixedRate(
        () -> {
          int queued = node.queue().len();
          int active = node.controller().activeWorkers();
          if (queued > 0 || active > 0) {
            LOG.atInfo()
                .setMessage("progress")
                .addKeyValue("queued", queued)
                .addKeyValue("active", active)
                .log();
          }
        },
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
