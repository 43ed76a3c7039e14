package org.slapos.instancenode.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.files.FileErrors;
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

  /** {@link #acquire(Path, String)}, messages naming the file {@code lock file PATH}. */
  public static NodeLock acquire(Path lockFile) {
    return acquire(lockFile, "lock file " + lockFile);
  }

  /**
   * Takes the lock without waiting, creating {@code lockFile} ({@code 0600}) if it does not exist,
   * and writes this process's PID into it.
   *
   * @param named how messages name the file: the option or key it comes from ({@code --pidfile
   *     /run/node.pid})
   * @throws NodeLockedException when another process, or another lock of this JVM, holds it
   * @throws ConfigException when the path is a directory or the file cannot be created or opened
   *     (the operator's to fix: exit 2)
   * @throws UncheckedIOException when the file cannot be locked or written
   */
  public static NodeLock acquire(Path lockFile, String named) {
    Path file;
    try {
      if (Files.isDirectory(lockFile)) {
        throw new ConfigException(named + ": is a directory, not a file");
      }
      OwnerOnlyFiles.createIfAbsent(lockFile);
      file = lockFile.toRealPath();
    } catch (NoSuchFileException e) {
      throw new ConfigException(named + ": " + missing(lockFile));
    } catch (IOException e) {
      throw new ConfigException(named + ": " + FileErrors.words(e));
    }
    Flock lock;
    try {
      lock =
          Flock.tryExclusive(file).orElseThrow(() -> new NodeLockedException(file, holder(file)));
    } catch (IOException e) {
      throw new ConfigException(named + ": cannot be opened: " + FileErrors.words(e));
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
      throw new UncheckedIOException(named + ": cannot write the pid: " + FileErrors.words(e), e);
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

  // Creating a file fails with "no such file" when its directory is missing: say which.
  private static String missing(Path lockFile) {
    Path directory = lockFile.toAbsolutePath().getParent();
    return directory != null && !Files.exists(directory)
        ? "cannot be created: its directory " + directory + " does not exist"
        : "is a symbolic link to a file that cannot be created";
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
