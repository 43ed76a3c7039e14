package org.slapos.instancenode.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A finished run of the packaged jar, as cron runs it: its exit code and what it printed.
 *
 * @param out its stdout
 * @param err its stderr (the logs)
 */
public record NodeRun(int exitCode, String out, String err) {
  private static final long BOUND_SECONDS = 120;

  /**
   * Runs the jar with {@code args} and waits for it (at most two minutes, then it is killed and the
   * test fails); its output files go to {@code outputDir}, created if needed.
   */
  public static NodeRun of(Path outputDir, String... args)
      throws IOException, InterruptedException {
    Files.createDirectories(outputDir);
    Process process = NodeProcess.start(outputDir, args);
    try {
      if (!process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "the node did not finish within " + BOUND_SECONDS + " s: " + String.join(" ", args));
      }
    } finally {
      process.destroyForcibly();
    }
    return new NodeRun(
        process.exitValue(),
        Files.readString(outputDir.resolve("stdout.txt")),
        Files.readString(outputDir.resolve("stderr.txt")));
  }
}
