package org.slapos.instancenode.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.slapos.instancenode.bench.InstanceDbWorkload;
import org.slapos.instancenode.config.IniFile;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.store.IntegrityCheck;

/**
 * The daemon's passes in steady state, for {@code hack/bench.sh}: usage {@code PassBench N DIR}
 * ({@code -Dworkers=W} sets {@code workers}, default 4). One node in-process on a drop-in instance
 * DB of N entries: the first pass and its reconciles, then steady passes (nothing changed), then a
 * pass after 1% of the entries were edited. Prints the work of each and the heap held once the
 * first pass is done.
 */
public final class PassBench {
  private static final int STEADY_PASSES = 7;

  public static void main(String[] args) throws Exception {
    int entries = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    Path instanceDb = dir.resolve("instance.sqlite");
    InstanceDbWorkload.main(new String[] {args[0], instanceDb.toString()});
    NodeConfig config =
        NodeConfig.from(
            IniFile.parse(
                """
                [slaposinstancenode]
                desired-state = instance-db
                instance-db-path = %s
                requestinstance-db-path = %s
                domain-validation-db-path = %s
                """
                    .formatted(
                        instanceDb, dir.resolve("request.sqlite"), dir.resolve("domain.sqlite")),
                "bench.ini"));
    try (Node node =
        Node.open(
            config, IntegrityCheck.FULL, message -> {}, NodeMetrics.NONE, Clock.systemUTC())) {
      node.start();
      long[] first = timed(node, true);
      System.gc();
      long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      List<Long> steady = new ArrayList<>();
      long eventsBefore = events(node);
      for (int i = 0; i < STEADY_PASSES; i++) {
        steady.add(timed(node, false)[0]);
      }
      long steadyWrites = events(node) - eventsBefore;
      InstanceDbWorkload.main(new String[] {args[0], instanceDb.toString(), "1"});
      long[] changed = timed(node, false);
      steady.sort(null);
      System.out.printf(
          Locale.ROOT,
          "daemon, first pass: %d ms pass + %d ms reconciles (%d entries)%n"
              + "daemon, steady pass: median %d ms (of %d; events written: %d)%n"
              + "daemon, pass after 1%% edited: %d ms pass + %d ms reconciles (%d reconciled)%n"
              + "daemon, heap after the first pass: %d MiB%n",
          first[0],
          first[1],
          entries,
          steady.get(steady.size() / 2),
          steady.size(),
          steadyWrites,
          changed[0],
          changed[1],
          changed[2],
          heap >> 20);
      node.stop(Duration.ofSeconds(30));
    }
  }

  /** Runs a pass and waits for its reconciles: {pass ms, reconcile ms, references queued}. */
  static long[] timed(Node node, boolean recheck) {
    long start = System.nanoTime();
    Pass.Report report = node.pass(recheck);
    long passed = System.nanoTime();
    // Idle twice in a row: a reference taken but not yet started shows as neither.
    int[] idle = {0};
    Awaitility.await()
        .atMost(Duration.ofHours(1))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              boolean now = node.queue().len() == 0 && node.controller().activeWorkers() == 0;
              idle[0] = now ? idle[0] + 1 : 0;
              return idle[0] >= 2;
            });
    long done = System.nanoTime();
    return new long[] {
      (passed - start) / 1_000_000,
      (done - passed) / 1_000_000,
      report.plan().now().size() + report.plan().recheck().size()
    };
  }

  private static long events(Node node) {
    return node.requestDb().eventCount();
  }

  private PassBench() {}
}
