package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.NodeProcess;

/** The packaged jar runs the README's demo command end to end. */
class RunOnceJarIT {
  @TempDir Path dir;

  @Test
  void demoConfigurationRunsFromThePackagedJar() throws Exception {
    Path config = dir.resolve("demo.ini");
    Files.copy(Path.of("deploy/examples/entries.json"), dir.resolve("entries.json"));
    Files.writeString(
        config,
        Files.readString(Path.of("deploy/examples/demo.ini"))
            .replace("../../target/demo/", "")
            .replace(
                "../../../shared/rapid-cdn/software.cfg.json",
                Path.of("../shared/rapid-cdn/software.cfg.json").toAbsolutePath().toString()));

    Process node = NodeProcess.start(dir, "run", "--once", "--config", config.toString());
    try {
      assertTrue(node.waitFor(60, TimeUnit.SECONDS), "finishes");
    } finally {
      node.destroyForcibly();
    }
    String err = Files.readString(dir.resolve("stderr.txt"));
    assertEquals(0, node.exitValue(), err);
    String out = Files.readString(dir.resolve("stdout.txt"));
    assertTrue(out.contains("entries: 11 valid, 8 invalid, 1 stopped"), out);
    assertTrue(Files.exists(dir.resolve("instance.sqlite")));
    assertTrue(!err.contains("WARNING: A restricted method"), "native access is declared: " + err);
  }
}
