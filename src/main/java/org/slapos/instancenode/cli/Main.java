package org.slapos.instancenode.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.ops.BuildInfo;
import org.slapos.instancenode.ops.LoggingSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Entry point of the shaded jar. Without a command, it takes the Python implementation's command
 * line ({@code --cfg FILE [--pidfile F] [--logfile F] [--debug]}), so it can replace it in cron:
 * the same as {@code run --once}.
 */
@Command(
    name = "cdn-instance-node",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Gates Rapid.CDN shared instances: validates, checks and records them.",
      "Drop-in use: cdn-instance-node --cfg FILE [--pidfile F] [--logfile F] [--debug] is"
          + " `run --once --config FILE`."
    },
    subcommands = {
      RunCommand.class,
      ValidateCommand.class,
      ChallengeCommand.class,
      RecheckCommand.class,
      CheckCommand.class,
      BackupCommand.class,
      AuditCommand.class
    })
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--cfg", paramLabel = "FILE", description = "INI file (drop-in use).")
  Path cfg;

  @Option(
      names = "--pidfile",
      paramLabel = "FILE",
      description = "Lock file holding the running process's pid (drop-in use).")
  Path pidfile;

  @Option(names = "--logfile", paramLabel = "FILE", description = "Log to this file instead.")
  Path logfile;

  @Option(names = "--debug", description = "Log debug messages.")
  boolean debug;

  /** {@code --version}: the same values as the {@code instancenode_build_info} metric. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {BuildInfo.CURRENT.describe()};
    }
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler(new FailureHandler());
  }

  @Override
  public Integer call() throws InterruptedException {
    if (cfg == null) {
      spec.commandLine().usage(spec.commandLine().getErr());
      return ExitCode.USAGE;
    }
    NodeConfig node = NodeConfig.load(cfg);
    LoggingSetup.apply(
        node.logFormat(),
        Optional.ofNullable(logfile).or(node::logfile),
        logfile != null ? "--logfile" : "logfile",
        debug || node.debug());
    return RunCommand.runOnce(spec.commandLine().getOut(), node, Optional.ofNullable(pidfile));
  }
}
