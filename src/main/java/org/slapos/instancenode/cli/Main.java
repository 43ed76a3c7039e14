package org.slapos.instancenode.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the shaded jar. */
@Command(
    name = "cdn-instance-node",
    mixinStandardHelpOptions = true,
    description = "Gates Rapid.CDN shared instances: validates, checks and records them.")
public final class Main {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
