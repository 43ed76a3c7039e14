package org.slapos.instancenode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.dns.VerificationSecrets;

/** The example configurations shipped in deploy/ stay valid. */
class DeployExamplesTest {
  @TempDir Path dir;

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
  void dropInSecretFileIsCreatedAsItsCommentSays() throws Exception {
    NodeConfig config = NodeConfig.load(Path.of("deploy/examples/drop-in.ini"));
    Path secret = ((VerificationSecret.FromFile) config.verificationSecret()).path();
    String command =
        Files.readAllLines(Path.of("deploy/examples/drop-in.ini")).stream()
            .filter(line -> line.startsWith("#   (umask 077"))
            .findFirst()
            .orElseThrow()
            .substring(1)
            .strip();
    Path file = dir.resolve("secret");

    Process shell =
        new ProcessBuilder("bash", "-c", command.replace(secret.toString(), file.toString()))
            .inheritIO()
            .start();

    assertEquals(0, shell.waitFor());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    // The node accepts it: neither empty, nor the public default, nor open to others.
    VerificationSecrets.resolve(
        new VerificationSecret.FromFile(file), dir.resolve("domain.sqlite"));
    assertEquals(65, Files.size(file), "64 hex digits and a newline");
  }

  @Test
  void systemdLayoutConfigurationLoads() {
    NodeConfig config = NodeConfig.load(Path.of("deploy/examples/node.ini"));
    assertInstanceOf(DesiredStateSetting.Master.class, config.desiredState());
    assertEquals(
        Path.of("/var/lib/cdn-instance-node/request.sqlite"), config.requestInstanceDbPath());
  }
}
