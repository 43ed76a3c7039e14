package org.slapos.instancenode.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slapos.instancenode.bench.DomainWorkload;
import org.slapos.instancenode.config.IniFile;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.dns.DnsMetrics;
import org.slapos.instancenode.master.MasterMetrics;
import org.slapos.instancenode.queue.QueueMetricsProvider;
import org.slapos.instancenode.reconcile.ReconcileMetrics;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.IntegrityCheck;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;

/**
 * DNS challenges at scale, for {@code hack/bench.sh}: usage {@code DomainBench N DIR [RUNS]}. A
 * local BIND serves the zone; per run, one node in-process on a {@link DomainWorkload}: the first
 * pass (every token issued, every custom domain looked up), then the records of 60% of the entries
 * published with batched RFC 2136 updates, a SIGHUP pass (every invalid entry re-checked), and a
 * steady pass. Prints the medians of the runs' pass and reconcile times and DNS lookups, and the
 * last run's outcome by state and reason.
 */
public final class DomainBench {
  private static final int RECORDS_PER_UPDATE = 250;

  public static void main(String[] args) throws Exception {
    int entries = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String zone = "bench.example.com";
    List<long[]> first = new ArrayList<>();
    List<long[]> published = new ArrayList<>();
    List<long[]> steady = new ArrayList<>();
    List<Long> publishing = new ArrayList<>();
    Map<String, Map<String, Integer>> outcome = Map.of();
    try (BindServer dns = BindServer.start(DnsZone.zone(zone))) {
      for (int run = 0; run < runs; run++) {
        Path runDir = Files.createDirectories(dir.resolve("run-" + run));
        // Each run its own names: the records of earlier runs stay in the zone.
        DomainWorkload workload =
            DomainWorkload.write(
                entries, "r" + run + "." + zone, runDir.resolve("instance.sqlite"));
        AtomicLong lookups = new AtomicLong();
        DnsMetrics counting = (result, latency) -> lookups.incrementAndGet();
        try (Node node =
            Node.open(
                config(runDir, dns),
                IntegrityCheck.FULL,
                message -> {},
                new NodeMetrics(
                    QueueMetricsProvider.NONE,
                    ReconcileMetrics.NONE,
                    PassMetrics.NONE,
                    counting,
                    MasterMetrics.NONE,
                    org.slapos.instancenode.cdn.BackendProbeRunner.Metrics.NONE),
                Clock.systemUTC())) {
          node.start();
          first.add(measured(node, true, lookups));
          long start = System.nanoTime();
          dns.records().addTxts(records(workload, runDir), RECORDS_PER_UPDATE);
          publishing.add((System.nanoTime() - start) / 1_000_000);
          node.hangup();
          published.add(measured(node, true, lookups));
          steady.add(measured(node, false, lookups));
          outcome = node.requestDb().countByStateAndReason();
          node.stop(Duration.ofSeconds(30));
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "dns, first pass: %s%n"
            + "dns, %d records published in updates of %d: median %d ms%n"
            + "dns, SIGHUP pass after publishing: %s%n"
            + "dns, steady pass: %s%n"
            + "dns, outcome: %s%n",
        median(first),
        workload(entries),
        RECORDS_PER_UPDATE,
        medians(publishing.stream().map(ms -> new long[] {ms}).toList())[0],
        median(published),
        median(steady),
        outcome);
  }

  private static NodeConfig config(Path dir, BindServer dns) {
    return NodeConfig.from(
        IniFile.parse(
            """
            [slaposinstancenode]
            desired-state = instance-db
            instance-db-path = %s
            requestinstance-db-path = %s
            domain-validation-db-path = %s
            dns-nameserver = 127.0.0.1:%d
            dns-timeout = 2s
            workers = %s
            """
                .formatted(
                    dir.resolve("instance.sqlite"),
                    dir.resolve("request.sqlite"),
                    dir.resolve("domain.sqlite"),
                    dns.address().getPort(),
                    System.getProperty("workers", "4")),
            "dns-bench.ini"));
  }

  /** The published entries' record names and tokens, read from the domain DB. */
  private static Map<String, String> records(DomainWorkload workload, Path dir) {
    Map<String, String> records = new LinkedHashMap<>();
    try (DomainStore domains = DomainStore.open(dir.resolve("domain.sqlite"))) {
      workload
          .published()
          .forEach(
              (reference, domain) ->
                  records.put(
                      "_slapos-challenge." + domain,
                      domains.find(reference).orElseThrow().token()));
    }
    return records;
  }

  /** {pass ms, reconcile ms, references queued, DNS lookups}. */
  private static long[] measured(Node node, boolean recheck, AtomicLong lookups) {
    long before = lookups.get();
    long[] timed = PassBench.timed(node, recheck);
    return new long[] {timed[0], timed[1], timed[2], lookups.get() - before};
  }

  private static long[] medians(List<long[]> runs) {
    long[] median = new long[runs.getFirst().length];
    for (int column = 0; column < median.length; column++) {
      int c = column;
      List<Long> values = runs.stream().map(r -> r[c]).sorted().toList();
      median[column] = values.get(values.size() / 2);
    }
    return median;
  }

  private static String median(List<long[]> runs) {
    long[] m = medians(runs);
    return String.format(
        Locale.ROOT,
        "median %d ms pass + %d ms reconciles (%d queued, %d DNS lookups)",
        m[0],
        m[1],
        m[2],
        m[3]);
  }

  private static int workload(int entries) {
    return entries * 60 / 100;
  }

  private DomainBench() {}
}
