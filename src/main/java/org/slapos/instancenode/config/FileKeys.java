package org.slapos.instancenode.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.slapos.instancenode.files.FileErrors;

/**
 * Refuses, while the configuration is read and so before anything is opened, a configured file path
 * that names something other than a file: a directory for any file key, and also a FIFO, socket or
 * device for the files the node only reads (reading a FIFO would block the node for ever). Each is
 * one problem at the key's line, {@code FILE:LINE: key = /path: is a directory, not a file}, and so
 * exit 2. A path that does not exist is left to whoever opens it: some files are created, and a
 * missing input is reported there, in the same shape.
 */
final class FileKeys {
  private final SectionValues values;

  FileKeys(SectionValues values) {
    this.values = values;
  }

  /** A file the node creates or writes ({@code key}'s value, when given and good). */
  FileKeys written(String key, Optional<Path> file) {
    file.ifPresent(
        f -> {
          if (Files.isDirectory(f)) {
            values.report(key, FileErrors.problem(key, f, "is a directory, not a file"));
          }
        });
    return this;
  }

  /**
   * A file the node creates beside {@code key}'s file, named {@code key}'s path plus {@code
   * suffix}: the lock file, a generated secret.
   */
  FileKeys besideWritten(String key, Optional<Path> file, String suffix, String what) {
    file.map(f -> f.resolveSibling(f.getFileName() + suffix))
        .filter(Files::isDirectory)
        .ifPresent(
            beside ->
                values.report(
                    key,
                    FileErrors.problem(
                        key,
                        file.get(),
                        "its " + what + " " + beside + " is a directory, not a file")));
    return this;
  }

  /** A file the node only reads. */
  FileKeys read(String key, Optional<Path> file) {
    return read(key, file, p -> FileErrors.named(key, p));
  }

  /** A file the node only reads, named as {@code named} says ({@code desired-state = file:...}). */
  FileKeys read(String key, Optional<Path> file, Function<Path, String> named) {
    file.ifPresent(
        f -> {
          if (Files.isDirectory(f)) {
            values.report(key, named.apply(f) + ": is a directory, not a file");
          } else if (Files.exists(f) && !Files.isRegularFile(f)) {
            values.report(
                key, named.apply(f) + ": is not a regular file (a FIFO, socket or device)");
          }
        });
    return this;
  }
}
