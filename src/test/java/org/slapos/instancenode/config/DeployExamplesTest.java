package org.slapos.instancenode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example configurations shipped in deploy/ stay valid. */
class DeployExamplesTest {

  @Test
  void demoConfigurationLoads() {
    NodeConfig config = NodeConfig.load(Path.of("deploy/examples/demo.ini"));
    assertInstanceOf(DesiredStateSetting.File.class, config.desiredState());
    assertEquals(
        Path.of("deploy/examples/entries.json").toAbsolutePath().normalize(),
        ((DesiredStateSetting.File) config.desiredState()).path().normalize());
  }

  @Test
  void dropInConfigurationLoads() {
    NodeConfig config = NodeConfig.load(Path.of("deploy/examples/drop-in.ini"));
    assertInstanceOf(DesiredStateSetting.InstanceDb.class, config.desiredState());
    assertEquals(LogFormat.JSON, config.logFormat());
  }

  @Test
  void systemdLayoutConfigurationLoads() {
    NodeConfig config = NodeConfig.load(Path.of("deploy/examples/node.ini"));
    assertInstanceOf(DesiredStateSetting.Master.class, config.desiredState());
    assertEquals(
        Path.of("/var/lib/cdn-instance-node/request.sqlite"), config.requestInstanceDbPath());
  }
}
