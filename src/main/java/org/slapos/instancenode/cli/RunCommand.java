package org.slapos.instancenode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.engine.Daemon;
import org.slapos.instancenode.engine.LoggedBangTarget;
import org.slapos.instancenode.engine.RunOnce;
import org.slapos.instancenode.ops.LoggingSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the daemon, or with {@code --once} one pass and a summary. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the node: a pass every resync-period, reconciling entries in between; SIGHUP starts a"
          + " full pass now, SIGTERM and SIGINT stop it.",
      "With --once: one pass, wait for its work, print a summary and exit: 0 when the pass"
          + " completed (invalid entries are a normal outcome), 1 when it could not, 2 for a usage"
          + " or configuration error, 3 when another process holds the lock, 4 when the"
          + " run-once-deadline came before every entry was checked, the master's listing was"
          + " had or the owed bang was sent (what was left is unchanged, for the next run)."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "INI file.")
  Path config;

  @Option(names = "--once", description = "Run one pass and exit.")
  boolean once;

  @Override
  public Integer call() throws InterruptedException {
    NodeConfig node = NodeConfig.load(config);
    LoggingSetup.apply(node.logFormat(), node.logfile(), node.debug());
    if (once) {
      return runOnce(spec.commandLine().getOut(), node, Optional.empty());
    }
    new Daemon(node, new LoggedBangTarget(), Clock.systemUTC()).runWithSignals();
    return ExitCode.OK;
  }

  /** Shared with the drop-in command line. */
  static int runOnce(PrintWriter out, NodeConfig node, Optional<Path> lockFile)
      throws InterruptedException {
    RunOnce.Summary summary =
        RunOnce.run(node, lockFile, new LoggedBangTarget(), Clock.systemUTC());
    new PassSummary(summary).print(out);
    out.flush();
    return summary.incomplete().isPresent() ? ExitCode.INCOMPLETE : ExitCode.OK;
  }
}
