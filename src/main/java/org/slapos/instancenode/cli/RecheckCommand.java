package org.slapos.instancenode.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.store.ChallengeSchedules;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.IntegrityCheck;
import org.slapos.instancenode.text.Printable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recheck [--all | REFERENCE...]}: an operator's or a user's "check now". The named pending
 * DNS challenges are due at once and start their re-check schedule again; the next run (or the
 * daemon's next pass) looks them up. It only changes the schedule rows of the domain DB, so it may
 * run beside the daemon.
 */
@Command(
    name = "recheck",
    mixinStandardHelpOptions = true,
    description = {
      "Make pending DNS challenges due now: the next run looks them up, and their re-check"
          + " schedule starts again from challenge-recheck-min.",
      "Exit 0 when every named entry had a pending challenge, 1 when one had none, 2 for a"
          + " usage or configuration error."
    })
final class RecheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "INI file.")
  Path config;

  @ArgGroup(multiplicity = "1")
  Which which;

  /** Either every pending challenge, or those of the named entries. */
  static final class Which {
    @Option(names = "--all", required = true, description = "Every pending challenge.")
    boolean all;

    @Parameters(paramLabel = "REFERENCE", arity = "1..*", description = "Entries' references.")
    List<String> references;
  }

  @Override
  public Integer call() {
    NodeConfig node = NodeConfig.load(config);
    PrintWriter out = spec.commandLine().getOut();
    Path file = node.domainValidationDbPath().orElseThrow();
    if (!Files.exists(file)) {
      spec.commandLine()
          .getErr()
          .println("error: no domain DB at " + file + ": the node has not run yet");
      return ExitCode.FAILED;
    }
    try (DomainStore domains = DomainStore.open(file, IntegrityCheck.QUICK)) {
      ChallengeSchedules schedules = domains.schedules();
      if (which.all) {
        out.printf("%d pending challenges are due now%n", schedules.resetAll());
        out.flush();
        return ExitCode.OK;
      }
      List<String> notPending = new ArrayList<>();
      for (String reference : which.references) {
        if (schedules.reset(List.of(reference)) == 1) {
          out.println(Printable.escape(reference) + ": due now");
        } else {
          notPending.add(reference);
          out.println(Printable.escape(reference) + ": no pending DNS challenge");
        }
      }
      out.flush();
      return notPending.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
  }
}
