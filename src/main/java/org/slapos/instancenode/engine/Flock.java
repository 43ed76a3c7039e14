package org.slapos.instancenode.engine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An exclusive {@code flock(2)} lock on a file, held through a descriptor of its own: the lock the
 * Python node's {@code PIDFileLock} takes ({@code fcntl.flock(LOCK_EX | LOCK_NB)}), so either
 * implementation keeps the other out. POSIX record locks ({@code fcntl}, Java's {@code
 * FileChannel.lock}) would not: Linux keeps the two kinds apart.
 *
 * <p>The lock belongs to the open file description, not to the process: a second {@link
 * #tryExclusive} on the same file fails, also in the same JVM, and writing the file through another
 * descriptor (or closing one) leaves the lock alone. The kernel releases it when the descriptor is
 * closed, which happens at exit whatever the cause ({@code kill -9} included). Linux only.
 * Thread-safe.
 */
final class Flock implements AutoCloseable {
  private static final int O_RDWR = 2;
  private static final int O_CLOEXEC = 0x80000;
  private static final int LOCK_EX = 2;
  private static final int LOCK_NB = 4;
  private static final int EWOULDBLOCK = 11;
  private static final int EINTR = 4;

  /** The three calls of the C library used here. */
  private interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int open(String path, int flags) throws LastErrorException;

    int flock(int fd, int operation) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private final int fd;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Flock(int fd) {
    this.fd = fd;
  }

  /**
   * Locks {@code file} (which must exist) without waiting.
   *
   * @return the held lock, or empty when another descriptor holds it
   * @throws IOException when the file cannot be opened or locked for another reason
   */
  static Optional<Flock> tryExclusive(Path file) throws IOException {
    int fd;
    try {
      fd = LibC.INSTANCE.open(file.toString(), O_RDWR | O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new IOException("open: " + e.getMessage(), e);
    }
    while (true) {
      try {
        LibC.INSTANCE.flock(fd, LOCK_EX | LOCK_NB);
        return Optional.of(new Flock(fd));
      } catch (LastErrorException e) {
        if (e.getErrorCode() == EINTR) {
          continue;
        }
        closeQuietly(fd);
        if (e.getErrorCode() == EWOULDBLOCK) {
          return Optional.empty();
        }
        throw new IOException("flock: " + e.getMessage(), e);
      }
    }
  }

  private static void closeQuietly(int fd) {
    try {
      LibC.INSTANCE.close(fd);
    } catch (LastErrorException e) {
      // The descriptor is released by the kernel even when close reports an error.
    }
  }

  /** Releases the lock by closing the descriptor. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeQuietly(fd);
    }
  }
}
