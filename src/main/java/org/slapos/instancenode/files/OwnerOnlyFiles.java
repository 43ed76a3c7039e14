package org.slapos.instancenode.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Creates files readable and writable by their owner only ({@code 0600}). */
public final class OwnerOnlyFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  /**
   * Creates the missing directories above {@code file}, each {@code 0700} (as the Python node
   * creates a missing log directory); existing ones are left as they are.
   */
  public static void createParentDirectories(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
    }
  }

  /**
   * Creates an empty {@code 0600} file unless one exists already (an existing file keeps the
   * permissions its operator gave it): databases, lock files, log files.
   */
  public static void createIfAbsent(Path file) throws IOException {
    try {
      createNew(file);
    } catch (FileAlreadyExistsException alreadyThere) {
      // Opening an existing database is the normal case.
    }
  }

  /** Creates an empty {@code 0600} file, failing if the path exists. */
  public static void createNew(Path file) throws IOException {
    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    // The umask may have removed bits from the creation mode; the result must be exactly 0600.
    Files.setPosixFilePermissions(file, OWNER_ONLY);
  }
}
