package org.slapos.instancenode.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the shaded jar. */
@Command(
    name = "cdn-instance-node",
    mixinStandardHelpOptions = true,
    description = "Gates Rapid.CDN shared instances: validates, checks and records them.",
    subcommands = {RunCommand.class, ValidateCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler(new FailureHandler());
  }
}
