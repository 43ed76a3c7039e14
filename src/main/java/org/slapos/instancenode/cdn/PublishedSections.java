package org.slapos.instancenode.cdn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.slapos.instancenode.files.FileErrors;

/**
 * The master partition's rendered {@code publish-slave-information-file}: an entry is deployed once
 * the file has its {@code [publish-REFERENCE]} section. The file is re-read only when its
 * modification time or size changed. Thread-safe.
 */
final class PublishedSections {
  private final Path file;
  private Snapshot snapshot = new Snapshot(null, -1, "");

  private record Snapshot(FileTime modified, long size, String content) {}

  PublishedSections(Path file) {
    this.file = file;
  }

  /**
   * @throws IOException when the file exists but cannot be read; its message names the key and the
   *     file and says why in words
   */
  synchronized boolean published(String reference) throws IOException {
    try {
      return current().content().contains("[publish-" + reference + "]");
    } catch (IOException e) {
      throw new IOException(FileErrors.problem("publish-slave-information-file", file, e), e);
    }
  }

  private Snapshot current() throws IOException {
    Optional<BasicFileAttributes> attributes;
    try {
      attributes = Optional.of(Files.readAttributes(file, BasicFileAttributes.class));
    } catch (NoSuchFileException e) {
      attributes = Optional.empty();
    }
    if (attributes.isEmpty()) {
      snapshot = new Snapshot(null, -1, "");
    } else if (!attributes.get().lastModifiedTime().equals(snapshot.modified())
        || attributes.get().size() != snapshot.size()) {
      snapshot =
          new Snapshot(
              attributes.get().lastModifiedTime(),
              attributes.get().size(),
              new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }
    return snapshot;
  }
}
