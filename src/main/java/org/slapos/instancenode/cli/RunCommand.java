package org.slapos.instancenode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.desired.DesiredStateSource;
import org.slapos.instancenode.desired.Listing;
import org.slapos.instancenode.schema.SchemaPass;
import org.slapos.instancenode.schema.SchemaSource;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.IntegrityCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run --once}: one pass over the desired state, then a summary. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run one pass: list the desired state, validate every entry, record the outcome in the"
          + " instance DB (only rows that changed) and print a summary.",
      "Exit 0 when the pass completed (invalid entries are a normal outcome), 1 when it could"
          + " not, 2 for a usage or configuration error."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "INI file.")
  Path config;

  @Option(names = "--once", required = true, description = "Run one pass and exit.")
  boolean once;

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    NodeConfig node = NodeConfig.load(config);
    Wiring wiring = new Wiring(node);
    SchemaSource schema = wiring.schema();
    DesiredStateSource source = wiring.source();
    Listing listing = source.read();
    Path instanceDbPath = wiring.prepared(node.instanceDbPath());
    try (InstanceStore instanceDb = InstanceStore.open(instanceDbPath, IntegrityCheck.QUICK)) {
      SchemaPass.Outcome outcome =
          new SchemaPass(schema, node.unstringify(), instanceDb, clock).run(listing);
      PrintWriter out = spec.commandLine().getOut();
      new PassSummary(
              source.describe(),
              outcome,
              instanceDb.withState(InstanceRow.INVALID),
              instanceDb.file())
          .print(out);
      out.flush();
    }
    return ExitCode.OK;
  }
}
