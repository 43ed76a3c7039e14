package org.slapos.instancenode.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.cdn.EntryReconciler;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.ops.PrometheusMetrics;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.testing.InProcessDaemon;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.PythonInstanceDb;
import org.slapos.instancenode.testing.RecordedEntries;
import org.slapos.instancenode.testing.RecordingBangTarget;

/**
 * The daemon's {@code /healthz} over HTTP while every reconcile kills its worker with an {@link
 * Error}: the workers are replaced, yet cannot make progress, so it answers 503 naming why (and
 * systemd or the container runtime restarts the process); while they can, 200.
 */
class DyingWorkersIT {
  private static final String A = "SHARED-A";
  private static final String C = "SHARED-C";
  private static final String D = "SHARED-D";

  @TempDir Path dir;
  private final FaultyClock clock = new FaultyClock();
  private InProcessDaemon daemon;
  private RecordedEntries recorded;

  /**
   * The system clock, except that, while armed, reading it inside an entry's reconcile throws an
   * {@link OutOfMemoryError}, as an entry too large for the heap would: an {@link Error} in the
   * reconcile's own code, anything else (the pass, the queue's backoff) reading it as usual.
   */
  private static final class FaultyClock extends Clock {
    private static final StackWalker STACK = StackWalker.getInstance();
    private volatile boolean armed;

    @Override
    public Instant instant() {
      if (armed
          && STACK.walk(
              frames ->
                  frames.anyMatch(
                      f ->
                          f.getClassName().equals(EntryReconciler.class.getName())
                              && f.getMethodName().equals("reconcile")))) {
        throw new OutOfMemoryError("Java heap space (injected by the test)");
      }
      return Instant.now();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the daemon keeps UTC");
    }
  }

  @AfterEach
  void stopDaemon() throws Exception {
    clock.armed = false;
    try {
      if (daemon != null) {
        daemon.close();
      }
    } finally {
      if (recorded != null) {
        recorded.close();
      }
    }
  }

  @Test
  void healthzIs503NamingWhyWhileEveryReconcileKillsItsWorkerAnd200WhileTheyMakeProgress()
      throws Exception {
    NodeDir node = new NodeDir(dir);
    node.writeConfig(
        "desired-state = instance-db",
        "kind = cdn",
        "resync-period = 1h",
        "bang-min-interval = 0",
        "metrics-address = 127.0.0.1:0",
        "workers = 2");
    PythonInstanceDb slapos = PythonInstanceDb.create(node.instanceDb());
    slapos.change().valid(A, params("a.example.com")).commit();
    daemon =
        InProcessDaemon.start(NodeConfig.load(node.config()), new RecordingBangTarget(), clock);
    daemon.awaitReady();
    recorded = RecordedEntries.open(node);
    recorded.awaitState(A, InstanceRow.VALID);
    HttpResponse<String> healthy = daemon.get("/healthz");
    assertEquals(200, healthy.statusCode(), healthy.body());
    assertEquals("ok\n", healthy.body());

    clock.armed = true;
    slapos.change().valid(C, params("c.example.com")).valid(D, params("d.example.com")).commit();
    daemon.hangup();

    await("/healthz turning 503")
        .atMost(Duration.ofSeconds(30))
        .until(() -> daemon.get("/healthz").statusCode() == 503);
    HttpResponse<String> wedged = daemon.get("/healthz");
    assertEquals(503, wedged.statusCode(), wedged.body());
    assertTrue(
        wedged.body().startsWith("the workers cannot make progress: 2 workers alive, "),
        "the dead workers were replaced: " + wedged.body());
    assertTrue(
        wedged
            .body()
            .endsWith(
                " died of an error (the last: out of memory: Java heap space (injected by the"
                    + " test)); restart the process\n"),
        wedged.body());
    assertTrue(
        daemon
                .scrape()
                .value(
                    "controller_runtime_reconcile_panics_total",
                    "controller",
                    PrometheusMetrics.CONTROLLER)
            >= 4,
        "every death counted");
    assertEquals(InstanceRow.VALID, recorded.row(A).validParameter(), "what was done stays");

    // The cause gone, the entries' retries complete and the process is healthy again.
    clock.armed = false;
    recorded.awaitState(C, InstanceRow.VALID);
    recorded.awaitState(D, InstanceRow.VALID);
    await("/healthz back to 200")
        .atMost(Duration.ofSeconds(30))
        .until(() -> daemon.get("/healthz").statusCode() == 200);
  }

  private static ObjectNode params(String domain) {
    return Json.MAPPER
        .createObjectNode()
        .put("url", "https://backend.example.net")
        .put("custom_domain", domain);
  }
}
