package org.slapos.instancenode.store;

import java.io.IOException;
import java.nio.file.Path;
import org.slapos.instancenode.files.FileErrors;

/**
 * A store could not be opened, read or written; the message names the file ({@code SQLite database
 * /x/i.db: what}), or, once {@link #named} by whoever knows it, the configuration key too.
 */
public final class StoreException extends RuntimeException {
  private final Path file;
  private final String detail;

  StoreException(Path file, String what, Throwable cause) {
    this("SQLite database " + file, file, what + because(cause), cause);
  }

  StoreException(Path file, String what) {
    this(file, what, null);
  }

  private StoreException(String named, Path file, String detail, Throwable cause) {
    super(named + ": " + detail, cause);
    this.file = file;
    this.detail = detail;
  }

  /**
   * The same failure, its message naming the file by the configuration key that gave it: {@code
   * instance-db-path = /x/i.db: what}.
   */
  public StoreException named(String key) {
    return new StoreException(FileErrors.named(key, file), file, detail, getCause());
  }

  // File-system failures in words, SQLite's in its own (it names no Java class).
  private static String because(Throwable cause) {
    if (cause == null) {
      return "";
    }
    return ": " + (cause instanceof IOException io ? FileErrors.words(io) : cause.getMessage());
  }
}
