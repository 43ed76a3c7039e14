package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
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

    UncheckedIOException error =
        assertThrows(UncheckedIOException.class, () -> NodeLock.acquire(missing));

    assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
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

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no stderr: " + e + ")";
    }
  }
}
