package org.slapos.instancenode.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The smallest node that a command can be run on: an empty file listing, a schema accepting any
 * object, and a configuration naming them, with its databases under {@code db/}. Shared by the
 * tests of what the node says about its files.
 */
final class FileModeNode {
  /** What a Java class or exception name looks like in a message meant for an operator. */
  static final Pattern JAVA_NAMES =
      Pattern.compile("Exception|java\\.|[A-Z][a-z]+Error\\b|[a-z]\\.[a-z]+\\.[A-Z]");

  private FileModeNode() {}

  /** Writes {@code entries.json} and {@code schema.json} in {@code dir}. */
  static void writeFiles(Path dir) throws IOException {
    Files.writeString(dir.resolve("entries.json"), "{\"result_list\": []}");
    Files.writeString(dir.resolve("schema.json"), "{\"type\": \"object\"}");
  }

  /**
   * Writes the configuration {@code config}, its {@code slave-schema} being {@code schema}, then
   * {@code extra} (whole lines) after the six lines of the node's section.
   */
  static void writeConfig(Path config, String schema, String extra) throws IOException {
    Files.writeString(
        config,
        """
        [slaposinstancenode]
        desired-state = file:entries.json
        instance-db-path = db/instance.sqlite
        requestinstance-db-path = db/request.sqlite
        domain-validation-db-path = db/domain.sqlite
        slave-schema = %s
        """
                .formatted(schema)
            + extra);
  }
}
