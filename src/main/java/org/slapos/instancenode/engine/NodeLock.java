package org.slapos.instancenode.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slapos.instancenode.files.OwnerOnlyFiles;

/**
 * The node's exclusive lock: one run per lock file at a time, whichever implementation runs it, so
 * that a run-once from cron never overlaps the previous one, a daemon, or a run of the Python node.
 *
 * <p>The lock is {@code flock(2)} ({@link Flock}), as the Python node's {@code PIDFileLock} takes
 * on its pidfile, on a file created {@code 0600} if absent and left in place; the OS releases it
 * when the holder exits, even after {@code kill -9}, so a stale file never blocks. Once locked, the
 * holder writes its PID and a newline into the file, as the Python node does: that PID is what the
 * message of whoever finds it locked names, and what a Python run checks is alive before it gives
 * up. Thread-safe.
 */
public final class NodeLock implements AutoCloseable {
  private static final int PID_BYTES = 32;

  private final Path file;
  private final Flock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NodeLock(Path file, Flock lock) {
    this.file = file;
    this.lock = lock;
  }

  /**
   * Takes the lock without waiting, creating {@code lockFile} ({@code 0600}) if it does not exist,
   * and writes this process's PID into it.
   *
   * @throws NodeLockedException when another process, or another lock of this JVM, holds it
   * @throws UncheckedIOException when the file cannot be created, opened, locked or written
   */
  public static NodeLock acquire(Path lockFile) {
    Path file;
    try {
      OwnerOnlyFiles.createIfAbsent(lockFile);
      file = lockFile.toRealPath();
    } catch (IOException e) {
      throw failure(lockFile, "create", e);
    }
    Flock lock;
    try {
      lock =
          Flock.tryExclusive(file).orElseThrow(() -> new NodeLockedException(file, holder(file)));
    } catch (IOException e) {
      throw failure(file, "lock", e);
    }
    try {
      // Truncated, then written at once: Python's PIDFileLock reads the PID when it finds the lock
      // held, and takes an empty or dead one for a stale file.
      Files.writeString(
          file,
          ProcessHandle.current().pid() + "\n",
          StandardCharsets.US_ASCII,
          StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.DSYNC);
    } catch (IOException e) {
      lock.close();
      throw failure(file, "write", e);
    }
    return new NodeLock(file, lock);
  }

  private static String holder(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(PID_BYTES);
    } catch (IOException e) {
      // Gone or unreadable: the lock is held all the same.
      return "unknown";
    }
    String pid = new String(bytes, StandardCharsets.US_ASCII).strip();
    return pid.matches("[0-9]{1,19}") ? pid : "unknown";
  }

  private static UncheckedIOException failure(Path file, String what, IOException e) {
    return new UncheckedIOException("cannot " + what + " lock file " + file + ": " + e, e);
  }

  /** The locked file, as a real path. */
  public Path file() {
    return file;
  }

  /** Releases the lock; the file stays. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      lock.close();
    }
  }
}
