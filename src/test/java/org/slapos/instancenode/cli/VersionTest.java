package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.ops.BuildInfo;

class VersionTest {
  /** The commit of the work tree the build ran in, or "unknown" outside git, as the build says. */
  private static String gitRevision() throws IOException, InterruptedException {
    Process git =
        new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return git.waitFor() == 0 ? out : "unknown";
  }

  @Test
  void versionPrintsTheProjectVersionAndTheGitCommitOfTheBuild() throws Exception {
    CommandRun run = CommandRun.of("--version");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out().matches("cdn-instance-node \\d+\\.\\d+\\.\\d+\\S* \\(git \\S+\\)\n"), run.out());
    assertTrue(run.out().endsWith(" (git " + gitRevision() + ")\n"), run.out());
    assertEquals(run.out().strip(), BuildInfo.CURRENT.describe(), "as instancenode_build_info");
  }
}
