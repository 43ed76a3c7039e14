package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.DemoConfig;
import org.slapos.instancenode.testing.NodeProcess;

/** The packaged jar runs the README's demo command end to end. */
class RunOnceJarIT {
  @TempDir Path dir;

  @Test
  void demoConfigurationRunsFromThePackagedJar() throws Exception {
    Path config = DemoConfig.copyInto(dir);

    Process node = NodeProcess.start(dir, "run", "--once", "--config", config.toString());
    try {
      assertTrue(node.waitFor(60, TimeUnit.SECONDS), "finishes");
    } finally {
      node.destroyForcibly();
    }
    String err = Files.readString(dir.resolve("stderr.txt"));
    assertEquals(0, node.exitValue(), err);
    String out = Files.readString(dir.resolve("stdout.txt"));
    assertTrue(out.contains("entries: 9 valid, 10 invalid, 1 stopped"), out);
    assertTrue(out.contains("invalid by reason: alias-invalid=2 schema=8"), out);
    assertTrue(Files.exists(dir.resolve("instance.sqlite")));
    assertTrue(!err.contains("WARNING: A restricted method"), "native access is declared: " + err);
  }
}
