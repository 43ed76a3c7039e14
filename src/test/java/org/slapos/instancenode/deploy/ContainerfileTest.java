package org.slapos.instancenode.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Containerfile has what the image needs (no container runtime here, so it is read, not built):
 * a build stage that builds the jar itself, a fixed non-root user, a health check on {@code
 * /healthz}.
 */
class ContainerfileTest {
  private static List<String> instructions() throws IOException {
    return Files.readString(Path.of("deploy/Containerfile"))
        .replace("\\\n", " ")
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  @Test
  void firstStageBuildsTheJarAndTheDistributionWithMaven() throws IOException {
    List<String> lines = instructions();
    List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals(2, stages.size(), stages.toString());
    assertTrue(stages.get(0).matches("FROM \\S*maven:\\S+ AS build"), stages.get(0));
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.startsWith("RUN mvn") && l.contains("package") && l.contains("hack/dist.sh")),
        lines.toString());
    assertTrue(lines.contains("COPY --from=build /dist /opt/cdn-instance-node"), lines.toString());
  }

  @Test
  void imageRunsAsAFixedNonRootUserWithAHealthCheckOnHealthz() throws IOException {
    List<String> lines = instructions();
    String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("");
    assertTrue(user.matches("USER [1-9]\\d*:[1-9]\\d*"), user);
    String check = lines.stream().filter(l -> l.startsWith("HEALTHCHECK ")).findFirst().orElse("");
    assertTrue(check.contains("/opt/cdn-instance-node/bin/healthcheck"), check);
    assertTrue(
        Files.readString(Path.of("deploy/dist/healthcheck")).contains("GET /healthz"),
        "the health check asks /healthz");
  }
}
