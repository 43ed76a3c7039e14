package org.slapos.instancenode.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.DesiredEntries;
import org.slapos.instancenode.testing.LockHolder;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.NodeProcess;
import org.slapos.instancenode.testing.NodeRun;

/**
 * One node at a time: a run from cron finds a daemon or another run holding the lock and exits 3
 * naming the holder's pid, as ARCHITECTURE.md section 8 says.
 *
 * <p>What the lock is: {@code run} (daemon or {@code --once}) and the drop-in {@code --cfg} without
 * {@code --pidfile} lock {@code <request DB>.lock}; the drop-in with {@code --pidfile F} locks
 * {@code F} instead, and only {@code F}. So a drop-in run given a pidfile is not kept out by a
 * daemon on the same configuration: both then work on the same files at once.
 */
class RunOnceLockIT {
  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();
  private NodeDir node;

  @BeforeEach
  void writeConfig() throws IOException {
    node = new NodeDir(dir);
    Path entries = dir.resolve("entries.json");
    DesiredEntries.write(
        entries,
        DesiredEntries.entry("SHARED-1", "one.example.com"),
        DesiredEntries.entry("SHARED-2", "two.example.com"));
    node.writeFileSourceConfig(entries, "resync-period = 1h", "metrics-address = 127.0.0.1:0");
  }

  @AfterEach
  void killChildren() throws InterruptedException {
    for (Process child : children) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void whileADaemonRunsARunFromCronExitsThreeNamingItsPid() throws Exception {
    Process daemon = startDaemon();
    Path lock = dir.resolve("request.sqlite.lock");

    NodeRun once = NodeRun.of(dir.resolve("once"), "run", "--once", "--config", config());
    NodeRun dropIn = NodeRun.of(dir.resolve("drop-in"), "--cfg", config());

    for (NodeRun run : List.of(once, dropIn)) {
      assertEquals(3, run.exitCode(), run.err());
      assertTrue(
          run.err().contains("error: another cdn-instance-node (pid " + daemon.pid() + ")"),
          run.err());
      assertTrue(run.err().contains(lock.toRealPath().toString()), run.err());
    }
    assertTrue(daemon.isAlive());
  }

  @Test
  void dropInRunWithAFreePidfileCompletesAndLeavesItsPidThere() throws Exception {
    Path pidfile = dir.resolve("node.pid");

    NodeRun run =
        NodeRun.of(dir.resolve("drop-in"), "--cfg", config(), "--pidfile", pidfile.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("entries: 2 valid, 0 invalid, 0 stopped"), run.out());
    assertTrue(Files.readString(pidfile).strip().matches("[0-9]+"), "holds the pid it ran with");
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pidfile)));
    assertTrue(Files.exists(dir.resolve("request.sqlite.lock")), "the node's own lock is held too");
  }

  @Test
  void dropInRunExitsThreeWhileAnotherProcessHoldsItsPidfile() throws Exception {
    Path pidfile = dir.resolve("node.pid");
    Process holder = LockHolder.start(pidfile, dir.resolve("holder.stderr"));
    children.add(holder);
    try (BufferedReader output = holder.inputReader()) {
      assertEquals("locked", output.readLine(), "the holder did not lock");

      NodeRun run =
          NodeRun.of(dir.resolve("drop-in"), "--cfg", config(), "--pidfile", pidfile.toString());

      assertEquals(3, run.exitCode(), run.err());
      assertTrue(
          run.err().contains("another cdn-instance-node (pid " + holder.pid() + ")"), run.err());
      assertTrue(Files.notExists(node.requestDb()), "nothing was touched");
    }
  }

  @Test
  void dropInRunExitsThreeWhileFlockHoldsItsPidfileAsAPythonRunWould() throws Exception {
    Path pidfile = dir.resolve("node.pid");
    Process holder =
        new ProcessBuilder(
                "flock", "--nonblock", pidfile.toString(), "sh", "-c", "echo locked; cat")
            .redirectError(dir.resolve("flock.stderr").toFile())
            .start();
    children.add(holder);
    try (BufferedReader output = holder.inputReader()) {
      assertEquals("locked", output.readLine(), "flock(1) did not lock");

      NodeRun run =
          NodeRun.of(dir.resolve("drop-in"), "--cfg", config(), "--pidfile", pidfile.toString());

      assertEquals(3, run.exitCode(), run.err());
      assertTrue(Files.notExists(node.requestDb()), "nothing was touched");
    }
  }

  @Test
  void dropInRunWithAPidfileIsKeptOutByADaemonToo() throws Exception {
    Process daemon = startDaemon();

    NodeRun run =
        NodeRun.of(
            dir.resolve("drop-in"),
            "--cfg",
            config(),
            "--pidfile",
            dir.resolve("node.pid").toString());

    assertEquals(3, run.exitCode(), run.err());
    assertTrue(run.err().contains("(pid " + daemon.pid() + ")"), run.err());
  }

  private Process startDaemon() throws IOException {
    Path output = Files.createDirectories(dir.resolve("daemon"));
    Process daemon = NodeProcess.start(output, "run", "--config", config());
    children.add(daemon);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              String err = Files.readString(output.resolve("stderr.txt"));
              assertTrue(daemon.isAlive(), () -> "the daemon exited: " + err);
              return err.contains("Daemon started");
            });
    return daemon;
  }

  private String config() {
    return node.config().toString();
  }
}
