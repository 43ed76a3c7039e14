package org.slapos.instancenode.store;

import java.nio.file.Path;

/** A store could not be opened, read or written; the message names the file. */
public final class StoreException extends RuntimeException {

  StoreException(Path file, String what, Throwable cause) {
    super(
        "SQLite database " + file + ": " + what + (cause == null ? "" : ": " + cause.getMessage()),
        cause);
  }

  StoreException(Path file, String what) {
    this(file, what, null);
  }
}
