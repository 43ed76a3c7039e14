package org.slapos.instancenode.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where desired state comes from (key {@code desired-state}): {@code instance-db} (the default),
 * {@code master} or {@code file:PATH}.
 */
public sealed interface DesiredStateSetting {
  /** The instance DB that SlapOS's {@code JsonSchemaWithDB} writes; schema validation is done. */
  record InstanceDb() implements DesiredStateSetting {}

  /** The SlapOS master's instance list for {@code instance-guid}. */
  record Master() implements DesiredStateSetting {}

  /**
   * A JSON file shaped like the master's {@code result_list}.
   *
   * @param path absolute, resolved against the configuration file's directory
   */
  record File(Path path) implements DesiredStateSetting {
    public File {
      Objects.requireNonNull(path, "path");
    }
  }
}
