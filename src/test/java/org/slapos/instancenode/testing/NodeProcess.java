package org.slapos.instancenode.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the shaded jar as a child process, as an operator or cron would. */
public final class NodeProcess {
  public static final Path JAR = Path.of("target/cdn-instance-node.jar").toAbsolutePath();

  private NodeProcess() {}

  /** A started process; stdout and stderr go to files in {@code dir}. */
  public static Process start(Path dir, String... args) throws IOException {
    return start(dir, Map.of(), args);
  }

  /** As {@link #start(Path, String...)}, with {@code env} added to the inherited environment. */
  public static Process start(Path dir, Map<String, String> env, String... args)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command(args))
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  /** The command line that runs the shaded jar with {@code args}, for callers that wrap it. */
  public static List<String> command(String... args) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: integration tests run after `package`");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    return command;
  }
}
