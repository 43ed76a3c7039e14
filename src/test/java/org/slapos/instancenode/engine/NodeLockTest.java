package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.testing.LockHolder;

class NodeLockTest {
  private static final String OUR_PID = Long.toString(ProcessHandle.current().pid());

  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void setUp() {
    file = dir.resolve("node.lock");
  }

  @Test
  void secondAcquireFailsNamingTheHolder() throws IOException {
    try (NodeLock lock = NodeLock.acquire(file)) {
      NodeLockedException error =
          assertThrows(NodeLockedException.class, () -> NodeLock.acquire(file));

      assertEquals(
          "another cdn-instance-node (pid "
              + OUR_PID
              + ") is running: it holds "
              + file.toRealPath(),
          error.getMessage());
      assertEquals(lock.file(), error.lockFile());
    }
  }

  @Test
  void lockIsFreeAgainAfterCloseAndTheFileStays() throws IOException {
    NodeLock.acquire(file).close();

    try (NodeLock lock = NodeLock.acquire(file)) {
      assertEquals(OUR_PID, Files.readString(lock.file()).strip());
    }
    assertTrue(Files.exists(file));
  }

  @Test
  void closingTwiceDoesNotReleaseALaterLock() {
    NodeLock first = NodeLock.acquire(file);
    first.close();
    try (NodeLock second = NodeLock.acquire(file)) {
      first.close();

      NodeLockedException error =
          assertThrows(NodeLockedException.class, () -> NodeLock.acquire(file));
      assertEquals(second.file(), error.lockFile());
    }
  }

  @Test
  void fileIsCreatedOwnerOnly() throws IOException {
    try (NodeLock lock = NodeLock.acquire(file)) {
      assertEquals(
          PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(lock.file()));
    }
  }

  @Test
  void missingDirectoryIsAnErrorNamingTheFile() {
    Path missing = dir.resolve("no-such-dir/node.lock");

    ConfigException error = assertThrows(ConfigException.class, () -> NodeLock.acquire(missing));

    assertEquals(
        "lock file "
            + missing
            + ": cannot be created: its directory "
            + missing.getParent()
            + " does not exist",
        error.getMessage());
  }

  @Test
  @Timeout(120)
  void lockHeldByAnotherProcessCannotBeTakenUntilItExits() throws Exception {
    Path stderr = dir.resolve("holder.stderr");
    Process holder = LockHolder.start(file, stderr);
    try (BufferedReader output = holder.inputReader()) {
      assertEquals("locked", output.readLine(), () -> "the holder did not lock: " + read(stderr));

      NodeLockedException error =
          assertThrows(NodeLockedException.class, () -> NodeLock.acquire(file));
      assertTrue(error.getMessage().contains("(pid " + holder.pid() + ")"), error.getMessage());

      holder.getOutputStream().close();
      assertTrue(holder.waitFor(60, TimeUnit.SECONDS), "the holder did not exit");
      try (NodeLock lock = NodeLock.acquire(file)) {
        assertEquals(OUR_PID, Files.readString(lock.file()).strip());
      }
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  @Timeout(120)
  void aPythonRunHoldingThePidfileKeepsTheNodeOut() throws Exception {
    // Python's PIDFileLock: open "a+", flock(LOCK_EX | LOCK_NB), truncate, write the pid.
    Process python =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl, os, sys\n"
                    + "f = open(sys.argv[1], 'a+')\n"
                    + "fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
                    + "f.seek(0); f.truncate(); f.write(str(os.getpid()) + '\\n'); f.flush()\n"
                    + "print('locked', flush=True)\n"
                    + "sys.stdin.read()\n",
                file.toString())
            .redirectError(dir.resolve("python.stderr").toFile())
            .start();
    try (BufferedReader output = python.inputReader()) {
      assertEquals("locked", output.readLine(), () -> read(dir.resolve("python.stderr")));

      NodeLockedException error =
          assertThrows(NodeLockedException.class, () -> NodeLock.acquire(file));
      assertTrue(error.getMessage().contains("(pid " + python.pid() + ")"), error.getMessage());
    } finally {
      python.getOutputStream().close();
      python.waitFor(60, TimeUnit.SECONDS);
      python.destroyForcibly();
    }
    try (NodeLock lock = NodeLock.acquire(file)) {
      assertEquals(OUR_PID + "\n", Files.readString(lock.file()), "the pid, as Python writes it");
    }
  }

  @Test
  @Timeout(120)
  void theFlockToolCannotTakeTheLockWhileTheNodeHoldsIt() throws Exception {
    try (NodeLock lock = NodeLock.acquire(file)) {
      assertEquals(1, flockNonBlocking(), "flock(1) found the file free");
      assertEquals(1, pythonFlockNonBlocking(), "Python's fcntl.flock found the file free");
    }
    assertEquals(0, flockNonBlocking(), "released on close");
  }

  @Test
  @Timeout(120)
  void theFlockToolHoldingTheFileKeepsTheNodeOut() throws Exception {
    Process holder =
        new ProcessBuilder("flock", "--nonblock", file.toString(), "sh", "-c", "echo locked; cat")
            .redirectError(dir.resolve("flock.stderr").toFile())
            .start();
    try (BufferedReader output = holder.inputReader()) {
      assertEquals("locked", output.readLine(), () -> read(dir.resolve("flock.stderr")));

      assertThrows(NodeLockedException.class, () -> NodeLock.acquire(file));
    } finally {
      holder.getOutputStream().close();
      holder.waitFor(60, TimeUnit.SECONDS);
      holder.destroyForcibly();
    }
  }

  private int flockNonBlocking() throws Exception {
    Process flock = new ProcessBuilder("flock", "--nonblock", file.toString(), "true").start();
    assertTrue(flock.waitFor(60, TimeUnit.SECONDS));
    return flock.exitValue();
  }

  private int pythonFlockNonBlocking() throws Exception {
    Process python =
        new ProcessBuilder(
                "python3",
                "-c",
                "import fcntl, sys\n"
                    + "f = open(sys.argv[1], 'a+')\n"
                    + "try:\n"
                    + "  fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
                    + "except BlockingIOError:\n"
                    + "  sys.exit(1)\n",
                file.toString())
            .start();
    assertTrue(python.waitFor(60, TimeUnit.SECONDS));
    return python.exitValue();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }
}
