package org.slapos.instancenode.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A command run to its end, its standard output and error merged. */
public record Command(int exit, String output) {

  /**
   * Runs {@code command}, with {@code stdin} as its input when not null.
   *
   * @throws AssertionError when it does not end within two minutes
   */
  public static Command run(Path stdin, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
    return new Command(process.exitValue(), output);
  }
}
