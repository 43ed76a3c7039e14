package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.NodeProcess;

/**
 * A configured file the node may not read or write ({@code chmod 000}) is named by its key and said
 * to be {@code permission denied}, never with a Java exception's name, by the real jar in a child
 * process.
 *
 * <p>Tests often run as root, whose {@code CAP_DAC_OVERRIDE} and {@code CAP_DAC_READ_SEARCH} read
 * any file whatever its mode. As root the child is started under {@code setpriv} with every
 * capability dropped from its bounding set: still uid 0 (so it owns the files it reads), but held
 * to their permission bits like any user, so {@code chmod 000} refuses it as it would refuse the
 * node's service user.
 */
class UnreadableFileIT {
  private static final String NO_ACCESS = "---------";

  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void writeNode() throws IOException {
    FileModeNode.writeFiles(dir);
    config = dir.resolve("node.cfg");
    writeConfig("", "schema.json");
  }

  private void writeConfig(String extra, String schema) throws IOException {
    FileModeNode.writeConfig(config, schema, extra);
  }

  @Test
  void anUnreadableSchemaIsAConfigurationError() throws Exception {
    Path schema = unreadable(dir.resolve("schema.json"));

    assertFails(2, "slave-schema = " + schema + ": permission denied");
  }

  @Test
  void aSchemaInADirectoryThatMayNotBeSearchedIsAConfigurationError() throws Exception {
    Path hidden = Files.createDirectories(dir.resolve("hidden"));
    Files.writeString(hidden.resolve("schema.json"), "{\"type\": \"object\"}");
    writeConfig("", "hidden/schema.json");
    unreadable(hidden);

    assertFails(2, "slave-schema = " + hidden.resolve("schema.json") + ": permission denied");
  }

  @Test
  void anUnreadableVerificationSecretFileIsAConfigurationError() throws Exception {
    Path secret = unreadable(Files.writeString(dir.resolve("secret"), "a".repeat(64)));
    writeConfig("verification-secret-file = secret\n", "schema.json");

    assertFails(2, "verification-secret-file = " + secret + ": permission denied");
  }

  @Test
  void anUnreadableDesiredStateFileFailsThePassNamingTheKey() throws Exception {
    Path entries = unreadable(dir.resolve("entries.json"));

    assertFails(1, "desired-state = file:" + entries + ": permission denied");
  }

  @Test
  void aLogfileThatMayNotBeWrittenIsAConfigurationError() throws Exception {
    Path log = unreadable(Files.writeString(dir.resolve("node.log"), ""));
    writeConfig("logfile = node.log\n", "schema.json");

    assertFails(2, "logfile = " + log + ": cannot be opened for appending: permission denied");
  }

  private static Path unreadable(Path file) throws IOException {
    return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(NO_ACCESS));
  }

  /** {@code run --once} exits {@code code}, its one error line {@code error: } then message. */
  private void assertFails(int code, String message) throws Exception {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"));
    }
    command.addAll(NodeProcess.command("run", "--once", "--config", config.toString()));
    Process run =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    assertTrue(run.waitFor(120, TimeUnit.SECONDS), "run --once ended");
    String err = Files.readString(dir.resolve("stderr.txt"));

    assertEquals(code, run.exitValue(), err);
    List<String> errors = err.lines().filter(line -> line.startsWith("error: ")).toList();
    assertEquals(List.of("error: " + message), errors, err);
    assertFalse(FileModeNode.JAVA_NAMES.matcher(errors.get(0)).find(), errors.get(0));
  }

  private static boolean isRoot() throws IOException {
    // /proc/self belongs to the process looking at it.
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
  }
}
