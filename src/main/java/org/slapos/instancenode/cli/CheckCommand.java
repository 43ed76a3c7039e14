package org.slapos.instancenode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.engine.LastRun;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.StoreException;
import org.slapos.instancenode.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code check}: a SlapOS promise on the outcome the last {@code run --once} or daemon pass
 * recorded in the request DB, which it opens read-only.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "A SlapOS promise: exit 0 when the last run (run --once or a daemon pass) succeeded and"
          + " ended less than --max-age ago, 1 otherwise; one line says which. Read-only, safe"
          + " beside a running node."
    })
final class CheckCommand implements Callable<Integer> {
  /** Without --max-age: three resync periods, as the alert on passes not succeeding. */
  private static final int DEFAULT_PERIODS = 3;

  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "INI file.")
  Path config;

  @Option(
      names = "--max-age",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Oldest acceptable last run (as 90s, 10m, 1h; default 3 × resync-period).")
  Duration maxAge;

  private final Clock clock;

  CheckCommand() {
    this(Clock.systemUTC());
  }

  CheckCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    NodeConfig node = NodeConfig.load(config);
    Duration limit =
        Optional.ofNullable(maxAge).orElse(node.resyncPeriod().multipliedBy(DEFAULT_PERIODS));
    PrintWriter out = spec.commandLine().getOut();
    String line;
    boolean ok = false;
    try (InstanceStore requestDb =
        InstanceStore.openRequestDbReadOnly(node.requestInstanceDbPath())) {
      Optional<LastRun> last = LastRun.read(requestDb);
      if (last.isEmpty()) {
        line = "FAILED: no run has recorded its outcome in " + requestDb.file() + " yet";
      } else {
        LastRun run = last.get();
        Instant now = clock.instant();
        Duration age = run.age(now);
        String when = describe(run, age);
        if (!run.succeeded()) {
          line = "FAILED: " + when + " failed: " + Printable.escape(run.error());
        } else if (age.compareTo(limit) > 0) {
          line = "FAILED: " + when + " succeeded, longer ago than --max-age " + seconds(limit);
        } else {
          ok = true;
          line = "OK: " + when + " succeeded; " + counts(run.entries());
        }
      }
    } catch (StoreException | IllegalArgumentException e) {
      line = "FAILED: " + Printable.escape(e.getMessage());
    }
    out.println(line);
    out.flush();
    return ok ? ExitCode.OK : ExitCode.FAILED;
  }

  private static String describe(LastRun run, Duration age) {
    return "the last run ("
        + Printable.escape(run.mode())
        + ") ended at "
        + run.at().truncatedTo(ChronoUnit.SECONDS)
        + ", "
        + seconds(age)
        + " ago,";
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() + "s";
  }

  private static String counts(Map<String, Map<String, Integer>> entries) {
    Map<String, Integer> byState = new TreeMap<>();
    entries.keySet().forEach(state -> byState.put(state, InstanceStore.total(entries, state)));
    if (byState.isEmpty()) {
      return "no entries";
    }
    StringBuilder text = new StringBuilder();
    byState.forEach(
        (state, count) ->
            text.append(text.isEmpty() ? "" : ", ")
                .append(Printable.escape(state))
                .append(' ')
                .append(count));
    return text.toString();
  }
}
