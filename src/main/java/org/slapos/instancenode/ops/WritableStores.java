package org.slapos.instancenode.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Whether the node can write its SQLite stores, for {@link Readiness}: each file, and the directory
 * that holds it (SQLite creates its journal and WAL files there), must be writable by this process
 * as the system's access check says, which catches a read-only mount and lost ownership or
 * permissions. Quick: a few {@code access(2)} calls per check. Thread-safe.
 */
public final class WritableStores implements BooleanSupplier {
  private final List<Path> files;

  /**
   * @param files the store files the node writes; one not created yet needs a writable directory
   */
  public WritableStores(List<Path> files) {
    this.files = files.stream().map(Path::toAbsolutePath).toList();
  }

  @Override
  public boolean getAsBoolean() {
    for (Path file : files) {
      if (!Files.isWritable(file.getParent()) || Files.exists(file) && !Files.isWritable(file)) {
        return false;
      }
    }
    return true;
  }
}
