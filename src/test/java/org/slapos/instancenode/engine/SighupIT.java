package org.slapos.instancenode.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.DesiredEntries;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.NodeProcess;
import org.slapos.instancenode.testing.ProcessSignals;

/**
 * The packaged daemon under real signals: SIGHUP starts a pass at once, long before the resync
 * period, and never stops the process; SIGTERM stops it cleanly with exit code 0.
 */
class SighupIT {
  @TempDir Path dir;
  private Process daemon;

  @AfterEach
  void killDaemon() throws InterruptedException {
    if (daemon != null) {
      daemon.destroyForcibly();
      daemon.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void sighupPassesAtOnceAndSigtermStopsWithExitCodeZero() throws Exception {
    NodeDir node = new NodeDir(dir);
    Path entries = dir.resolve("entries.json");
    DesiredEntries.write(
        entries,
        DesiredEntries.entry("SHARED-1", "one.example.com"),
        DesiredEntries.entry("SHARED-2", "two.example.com"));
    node.writeFileSourceConfig(entries, "resync-period = 1h", "metrics-address = 127.0.0.1:0");
    daemon = NodeProcess.start(dir, "run", "--config", node.config().toString());
    awaitRecorded(node, Map.of("SHARED-1", "valid", "SHARED-2", "valid"));

    DesiredEntries.write(
        entries,
        DesiredEntries.entry("SHARED-1", "one.example.com"),
        DesiredEntries.entry("SHARED-2", "two.example.com"),
        DesiredEntries.entry("SHARED-3", "three.example.com"));
    ProcessSignals.send(daemon, "HUP");

    awaitRecorded(node, Map.of("SHARED-1", "valid", "SHARED-2", "valid", "SHARED-3", "valid"));
    assertTrue(daemon.isAlive(), "SIGHUP never stops the daemon");
    assertTrue(stderr().contains("SIGHUP: full pass now"), stderr());

    ProcessSignals.send(daemon, "TERM");

    assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "stops within 30 s");
    assertEquals(0, daemon.exitValue(), stderr());
    assertTrue(stderr().contains("stopped"), stderr());
  }

  private void awaitRecorded(NodeDir node, Map<String, String> states) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        // The file exists a moment before its tables do.
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(
            () -> {
              assertTrue(daemon.isAlive(), () -> "the daemon exited: " + stderr());
              return node.recordedStates().equals(states);
            });
  }

  private String stderr() {
    try {
      return Files.readString(dir.resolve("stderr.txt"));
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }
}
