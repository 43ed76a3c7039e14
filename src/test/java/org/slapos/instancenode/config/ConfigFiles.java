package org.slapos.instancenode.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes configuration files for tests; the minimal valid section comes first. */
final class ConfigFiles {
  /** The smallest valid section: lines 1 to 4. */
  static final String MINIMAL =
      """
      [slaposinstancenode]
      instance-db-path = /srv/node/instance.db
      requestinstance-db-path = /srv/node/request.db
      domain-validation-db-path = /srv/node/domain.db
      """;

  private ConfigFiles() {}

  static Path write(Path dir, String text) {
    try {
      return Files.writeString(dir.resolve("node.cfg"), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The minimal section followed by {@code extraLines} (from line 5 on). */
  static Path minimalWith(Path dir, String... extraLines) {
    return write(dir, MINIMAL + String.join("\n", extraLines) + "\n");
  }

  static NodeConfig loadMinimalWith(Path dir, String... extraLines) {
    return NodeConfig.load(minimalWith(dir, extraLines));
  }

  static ConfigException failure(Path file) {
    return assertThrows(ConfigException.class, () -> NodeConfig.load(file));
  }
}
