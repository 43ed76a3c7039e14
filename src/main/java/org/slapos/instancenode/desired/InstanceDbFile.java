package org.slapos.instancenode.desired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slapos.instancenode.files.FileErrors;
import org.slapos.instancenode.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance DB a pass reads the desired state from.
 *
 * <p>The node's own (filled from a master or file listing) is opened once. The one SlapOS's
 * slapconfiguration writes (drop-in mode) is another program's file, which may be replaced under a
 * running node: restored from a backup, a new file renamed over it, removed and written again. An
 * open SQLite connection keeps reading the file it opened, so each {@link #current()} compares the
 * file's identity (device and inode, {@link BasicFileAttributes#fileKey()}) with the one opened
 * and, when it changed, closes the old connection and opens the new file. The file is never
 * created: a missing file is never read as "every entry removed". While it is missing, {@link
 * #current()} fails with a {@link DesiredStateException} (the pass fails, changes nothing and the
 * next one tries again); the old connection is closed at once, so that the new file's writer does
 * not find the old file's write-ahead log beside it.
 *
 * <p>Thread-safe: {@link #current()} and {@link #close()} run one at a time. Callers' duty: use the
 * store {@link #current()} returned only until the next call.
 */
public final class InstanceDbFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceDbFile.class);
  private static final String KEY = "instance-db-path";

  private final Path file;
  // Null for the node's own file, which nobody replaces.
  private final Function<Path, InstanceStore> opener;
  // Null while the followed file is missing (or failed to open).
  private InstanceStore store;
  private Object identity;

  private InstanceDbFile(
      Path file, Function<Path, InstanceStore> opener, InstanceStore store, Object identity) {
    this.file = file;
    this.opener = opener;
    this.store = store;
    this.identity = identity;
  }

  /** The node's own instance DB, already open: {@link #current()} is always {@code store}. */
  public static InstanceDbFile own(InstanceStore store) {
    return new InstanceDbFile(store.file(), null, store, null);
  }

  /**
   * Opens the instance DB slapconfiguration writes at {@code file}, with {@code opener} (which must
   * never create it), and follows its replacements.
   *
   * @throws DesiredStateException when the file does not exist: slapconfiguration has not run yet
   */
  public static InstanceDbFile writtenBySlapconfiguration(
      Path file, Function<Path, InstanceStore> opener) {
    Path path = file.toAbsolutePath();
    Optional<Object> identity = identity(path);
    if (identity.isEmpty()) {
      throw new DesiredStateException(
          FileErrors.problem(
              KEY, file, "does not exist yet (has slapconfiguration run?); nothing changed"));
    }
    return new InstanceDbFile(
        path, Objects.requireNonNull(opener, "opener"), opener.apply(path), identity.get());
  }

  /** The absolute path of the file. */
  public Path file() {
    return file;
  }

  /**
   * The store to read now: the one opened, or the file that replaced it, opened now.
   *
   * @throws DesiredStateException when the followed file is missing (nothing is open then)
   * @throws org.slapos.instancenode.store.StoreException when its replacement cannot be opened; the
   *     next call tries again
   */
  public synchronized InstanceStore current() {
    if (opener == null) {
      return store;
    }
    Optional<Object> now = identity(file);
    if (now.isEmpty()) {
      closeStore();
      throw new DesiredStateException(
          FileErrors.problem(
              KEY,
              file,
              "has disappeared (being restored or replaced?); nothing changed, it is read again"
                  + " at the next pass"));
    }
    if (store != null && !now.get().equals(identity)) {
      closeStore();
    }
    if (store == null) {
      // The identity read before opening: a file replaced meanwhile is seen at the next call.
      store = opener.apply(file);
      identity = now.get();
      LOG.atInfo()
          .setMessage("the instance DB file was replaced: reading the new one")
          .addKeyValue("file", file)
          .log();
    }
    return store;
  }

  private void closeStore() {
    if (store != null) {
      InstanceStore closing = store;
      store = null;
      closing.close();
    }
  }

  /**
   * The file's identity, empty when it does not exist. Where the platform has no file keys, the
   * path stands for it: a replacement is then not noticed, a removal still is.
   */
  private static Optional<Object> identity(Path file) {
    try {
      Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      return Optional.of(key == null ? file : key);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new DesiredStateException(FileErrors.problem(KEY, file, e), e);
    }
  }

  @Override
  public synchronized void close() {
    closeStore();
  }
}
