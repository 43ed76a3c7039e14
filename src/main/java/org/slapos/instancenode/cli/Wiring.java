package org.slapos.instancenode.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.config.DesiredStateSetting;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.desired.DesiredStateSource;
import org.slapos.instancenode.desired.FileSource;
import org.slapos.instancenode.schema.SchemaSource;

/** Builds the node's parts from its configuration. */
final class Wiring {
  private final NodeConfig config;

  Wiring(NodeConfig config) {
    this.config = config;
  }

  DesiredStateSource source() {
    return switch (config.desiredState()) {
      case DesiredStateSetting.File file -> new FileSource(file.path());
      case DesiredStateSetting.InstanceDb db ->
          throw new ConfigException(
              "desired-state = instance-db is not supported by this version; use file:PATH");
      case DesiredStateSetting.Master master ->
          throw new ConfigException(
              "desired-state = master is not supported by this version; use file:PATH");
    };
  }

  /** The shared-instance schema named by {@code slave-schema} or {@code software-schema}. */
  SchemaSource schema() {
    if (config.slaveSchema().isPresent()) {
      return SchemaSource.ofSchemaFile(config.slaveSchema().get());
    }
    return SchemaSource.ofSoftwareDescription(
        config.softwareSchema().orElseThrow(), config.softwareType().orElseThrow());
  }

  /** Returns {@code dbFile} after creating its directory, so a fresh node needs no set-up. */
  Path prepared(Path dbFile) {
    try {
      Files.createDirectories(dbFile.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + dbFile, e);
    }
    return dbFile;
  }
}
