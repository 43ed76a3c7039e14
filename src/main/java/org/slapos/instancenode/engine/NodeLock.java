package org.slapos.instancenode.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slapos.instancenode.files.OwnerOnlyFiles;

/**
 * The node's exclusive lock: one {@code cdn-instance-node} per lock file at a time, so that a
 * run-once from cron never overlaps the previous one or a daemon.
 *
 * <p>The lock is an OS record lock ({@link FileChannel#tryLock()}) on a file created {@code 0600}
 * if absent and left in place; the OS releases it when the holder exits, even after {@code kill
 * -9}, so a stale file never blocks. The holder writes its PID into the file for the message of
 * whoever finds it locked. Thread-safe.
 */
public final class NodeLock implements AutoCloseable {
  private static final int PID_BYTES = 32;

  /**
   * The identities ({@code fileKey}: device and inode) of the lock files held in this JVM, checked
   * before the file is opened: closing a second channel on a file this JVM has locked would release
   * the lock (POSIX record locks belong to the process, not to the channel).
   */
  private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final Object identity;
  private final FileChannel channel;
  private final AtomicBoolean closed = new AtomicBoolean();

  private NodeLock(Path file, Object identity, FileChannel channel) {
    this.file = file;
    this.identity = identity;
    this.channel = channel;
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
    Object identity;
    try {
      OwnerOnlyFiles.createIfAbsent(lockFile);
      file = lockFile.toRealPath();
      Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      identity = key == null ? file : key;
    } catch (IOException e) {
      throw failure(lockFile, "create", e);
    }
    if (!HELD.add(identity)) {
      throw new NodeLockedException(file, Long.toString(ProcessHandle.current().pid()));
    }
    try {
      return lock(file, identity);
    } catch (RuntimeException e) {
      HELD.remove(identity);
      throw e;
    }
  }

  private static NodeLock lock(Path file, Object identity) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      if (tryLock(channel) == null) {
        throw new NodeLockedException(file, holderPid(channel));
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      channel.force(false);
      return new NodeLock(file, identity, channel);
    } catch (IOException e) {
      closeAfter(channel, e);
      throw failure(file, "lock", e);
    } catch (RuntimeException e) {
      closeAfter(channel, e);
      throw e;
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldHere) {
      // Locked by other code of this JVM, without a NodeLock.
      return null;
    }
  }

  private static String holderPid(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(PID_BYTES);
    channel.read(buffer, 0);
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    String pid = text.strip();
    return pid.matches("[0-9]{1,19}") ? pid : "unknown";
  }

  private static void closeAfter(FileChannel channel, Exception failure) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
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
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      // Closing the channel releases its lock.
      channel.close();
    } catch (IOException e) {
      throw failure(file, "release", e);
    } finally {
      HELD.remove(identity);
    }
  }
}
