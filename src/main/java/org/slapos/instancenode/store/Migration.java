package org.slapos.instancenode.store;

import java.util.List;
import java.util.Objects;

/**
 * One step of a file's schema history.
 *
 * @param version its position, starting at 1 and increasing by 1 per step
 * @param name a short description, recorded in {@code schema_version.name}
 * @param statements the SQL statements of the step, run in order in one transaction; they must not
 *     manage transactions themselves
 */
public record Migration(int version, String name, List<String> statements) {

  public Migration {
    Objects.requireNonNull(name, "name");
    statements = List.copyOf(statements);
    if (version < 1) {
      throw new IllegalArgumentException("migration version must be at least 1: " + version);
    }
  }

  public Migration(int version, String name, String... statements) {
    this(version, name, List.of(statements));
  }
}
