package org.slapos.instancenode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.NotifySocket;

class SystemdNotifyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long PID = ProcessHandle.current().pid();

  @TempDir Path dir;

  @Test
  void readySendsTheStateAndTheStatusInOneDatagram() throws Exception {
    try (NotifySocket socket = NotifySocket.bind(dir.resolve("notify"));
        SystemdNotify notify =
            SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.address()), PID)) {
      notify.ready("last pass ok\nentries: 3 valid");

      assertEquals("READY=1\nSTATUS=last pass ok entries: 3 valid", socket.next(WAIT));
    }
  }

  @Test
  void abstractNamespaceSocketIsReached() throws Exception {
    String name = "cdn-instance-node-test-" + PID + "-" + System.nanoTime();
    try (NotifySocket socket = NotifySocket.bindAbstract(name);
        SystemdNotify notify =
            SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name), PID)) {
      notify.status("pass running");

      assertEquals("STATUS=pass running", socket.next(WAIT));
    }
  }

  @Test
  void watchdogIsSentOnlyWhenSystemdWatchesThisProcess() throws Exception {
    try (NotifySocket socket = NotifySocket.bind(dir.resolve("notify"))) {
      Map<String, String> watched =
          Map.of(
              "NOTIFY_SOCKET",
              socket.address(),
              "WATCHDOG_USEC",
              "30000000",
              "WATCHDOG_PID",
              Long.toString(PID));
      try (SystemdNotify notify = SystemdNotify.fromEnvironment(watched, PID)) {
        assertEquals(Optional.of(Duration.ofSeconds(30)), notify.watchdogInterval());
        notify.watchdog();
        assertEquals("WATCHDOG=1", socket.next(WAIT));
      }

      Map<String, String> anotherProcess =
          Map.of(
              "NOTIFY_SOCKET",
              socket.address(),
              "WATCHDOG_USEC",
              "30000000",
              "WATCHDOG_PID",
              Long.toString(PID + 1));
      try (SystemdNotify notify = SystemdNotify.fromEnvironment(anotherProcess, PID)) {
        assertEquals(Optional.empty(), notify.watchdogInterval());
        notify.watchdog();
        notify.stopping();
        // The watchdog ping was not sent: the next datagram is the one after it.
        assertEquals("STOPPING=1", socket.next(WAIT));
      }
    }
  }

  @Test
  void reloadingCarriesTheMonotonicClockInMicroseconds() throws Exception {
    try (NotifySocket socket = NotifySocket.bind(dir.resolve("notify"));
        SystemdNotify notify =
            SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.address()), PID)) {
      long before = System.nanoTime() / 1000;
      notify.reloading();
      long after = System.nanoTime() / 1000;

      String message = socket.next(WAIT);
      assertTrue(message.startsWith("RELOADING=1\nMONOTONIC_USEC="), message);
      long usec = Long.parseLong(message.substring(message.indexOf('=', 12) + 1));
      assertTrue(before <= usec && usec <= after, message);
    }
  }

  @Test
  void withoutNotifySocketNothingIsSent() {
    assertSame(SystemdNotify.none(), SystemdNotify.fromEnvironment(Map.of(), PID));
    SystemdNotify.none().ready("ignored");
    SystemdNotify.none().watchdog();
  }

  @Test
  void aVanishedSocketNeverThrows() throws Exception {
    Path gone = dir.resolve("gone");
    try (SystemdNotify notify =
        SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", gone.toString()), PID)) {
      notify.ready("nobody listens");
      notify.status("still nobody");
    }
  }
}
