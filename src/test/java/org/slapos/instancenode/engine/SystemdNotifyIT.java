package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.slapos.instancenode.testing.NotifySocket;
import org.slapos.instancenode.testing.ProcessSignals;

/**
 * The packaged daemon as systemd runs a {@code Type=notify} unit: {@code NOTIFY_SOCKET} names a
 * real datagram socket the test holds, {@code WATCHDOG_USEC} asks for watchdog pings.
 */
class SystemdNotifyIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

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
  void readyAfterTheFirstPassWatchdogWhileRunningReloadingAroundSighupStoppingOnSigterm()
      throws Exception {
    NodeDir node = new NodeDir(dir);
    Path entries = dir.resolve("entries.json");
    DesiredEntries.write(entries, DesiredEntries.entry("SHARED-1", "one.example.com"));
    node.writeFileSourceConfig(entries, "resync-period = 1h", "metrics-address = 127.0.0.1:0");
    try (NotifySocket systemd = NotifySocket.bind(dir.resolve("notify"))) {
      daemon =
          NodeProcess.start(
              dir,
              // A watchdog of 2 s: the loop, idle for an hour between passes, must ping each
              // second.
              Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", "2000000"),
              "run",
              "--config",
              node.config().toString());

      String ready = systemd.awaitMessage(m -> m.startsWith("READY=1"), WAIT);
      assertTrue(ready.matches("READY=1\nSTATUS=last pass ok at \\S+; entries: .*"), ready);
      // Three pings at least a second apart each: the idle loop keeps feeding the watchdog.
      for (int i = 0; i < 3; i++) {
        systemd.awaitMessage("WATCHDOG=1"::equals, Duration.ofSeconds(10));
      }

      long beforeHangup = System.nanoTime() / 1000;
      ProcessSignals.send(daemon, "HUP");
      String reloading = systemd.awaitMessage(m -> m.startsWith("RELOADING=1"), WAIT);
      long usec = Long.parseLong(reloading.replaceFirst("(?s)RELOADING=1\nMONOTONIC_USEC=", ""));
      assertTrue(
          beforeHangup <= usec && usec <= System.nanoTime() / 1000,
          "MONOTONIC_USEC is this machine's monotonic clock: " + reloading);
      String reloaded = systemd.awaitMessage(m -> m.startsWith("READY=1"), WAIT);
      // The reload's pass has recorded the first pass's work: the entry is counted now.
      assertTrue(reloaded.contains("entries: 1 valid, 0 invalid, 0 stopped"), reloaded);

      ProcessSignals.send(daemon, "TERM");
      systemd.awaitMessage("STOPPING=1"::equals, WAIT);
      assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "stops within 30 s");
      assertEquals(0, daemon.exitValue(), Files.readString(dir.resolve("stderr.txt")));
    }
  }
}
