package org.slapos.instancenode.cdn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slapos.instancenode.desired.DesiredCache;
import org.slapos.instancenode.schema.JsonInXml;
import org.slapos.instancenode.store.BackendProbes;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.time.Deadline;
import org.slapos.instancenode.tls.BackendProbe;
import org.slapos.instancenode.tls.BackendProber;
import org.slapos.instancenode.tls.Pem;
import org.slapos.instancenode.tls.TlsInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the backend probes that are due, on their own schedule and threads, never inside a pass or a
 * reconcile: the reconcile says which backends an entry has ({@link BackendProbes#expect}), a round
 * probes every entry due (at most {@code concurrency} at once, each probe bounded by the prober's
 * timeout), records what it saw with the next probe {@code interval} later, and requeues the
 * entries whose conclusive result changed, so that their reconcile reads it. Thread-safe; rounds
 * must not overlap.
 */
public final class BackendProbeRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BackendProbeRunner.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Counts probes by result for {@code instancenode_backend_probes_total{result}}. */
  @FunctionalInterface
  public interface Metrics {
    void probed(BackendProbe.Result result);

    Metrics NONE = result -> {};
  }

  private final BackendProbes store;
  private final DesiredCache cache;
  private final BackendProber prober;
  private final int concurrency;
  private final Duration interval;
  private final Consumer<String> requeue;
  private final Metrics metrics;
  private final Clock clock;

  public BackendProbeRunner(
      BackendProbes store,
      DesiredCache cache,
      BackendProber prober,
      int concurrency,
      Duration interval,
      Consumer<String> requeue,
      Metrics metrics,
      Clock clock) {
    this.store = store;
    this.cache = cache;
    this.prober = prober;
    this.concurrency = concurrency;
    this.interval = interval;
    this.requeue = requeue;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * What a round did.
   *
   * @param probed how many entries were probed
   * @param notProbed the entries due that the deadline left unprobed, sorted: still due, unchanged
   */
  public record Round(int probed, List<String> notProbed) {
    public Round {
      notProbed = List.copyOf(notProbed);
    }
  }

  /** Why {@link Round#notProbed} entries were left, for the run's summary. */
  public static final String NOT_PROBED = "backend TLS probe not started before the deadline";

  /** Probes every entry due now and waits for them. */
  public int runDue() throws InterruptedException {
    return runDue(Deadline.NONE).probed();
  }

  /**
   * Probes every entry due now and waits for them, starting no probe that could end after {@code
   * deadline} ({@link BackendProber#longest()}): an entry one of whose probes cannot start is left
   * as it was, still due.
   */
  public Round runDue(Deadline deadline) throws InterruptedException {
    List<String> due = store.due(clock.instant());
    if (due.isEmpty()) {
      return new Round(0, List.of());
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(concurrency, due.size()),
            task -> {
              Thread thread = new Thread(task, "backend-probe-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Callable<Probed>> tasks = new ArrayList<>();
      for (String reference : due) {
        tasks.add(() -> probe(reference, deadline));
      }
      int probed = 0;
      List<String> notProbed = new ArrayList<>();
      List<Future<Probed>> results = pool.invokeAll(tasks);
      for (int i = 0; i < results.size(); i++) {
        try {
          switch (results.get(i).get()) {
            case PROBED -> probed++;
            case DEADLINE -> notProbed.add(due.get(i));
            case STALE -> {}
          }
        } catch (ExecutionException e) {
          // One entry's failure (its store write, say) must not stop the others: it stays due.
          LOG.atError().setMessage("a backend probe failed").setCause(e.getCause()).log();
        }
      }
      return new Round(probed, notProbed.stream().sorted().toList());
    } finally {
      pool.shutdownNow();
    }
  }

  /** What became of one entry's probes. */
  private enum Probed {
    PROBED,
    /** No longer what its row is for: its next reconcile records the new targets. */
    STALE,
    /** A probe could not end by the deadline: nothing recorded, still due. */
    DEADLINE
  }

  private Probed probe(String reference, Deadline deadline) {
    Optional<InstanceRow> row = cache.get(reference);
    Optional<BackendProbes.Stored> stored = store.find(reference);
    if (row.isEmpty() || stored.isEmpty()) {
      return Probed.STALE;
    }
    List<BackendTargets.Target> targets =
        BackendTargets.of(JsonInXml.parameters(row.get().jsonParameters()));
    Optional<String> digest = BackendTargets.digest(targets);
    if (!digest.equals(Optional.of(stored.get().targets()))) {
      // The parameters changed since the reconcile: its next run records the new targets.
      return Probed.STALE;
    }
    BackendProbeOutcome previous =
        stored.get().outcome().map(BackendProbeOutcome::parse).orElse(BackendProbeOutcome.empty());
    BackendProbeOutcome outcome = previous;
    for (BackendTargets.Target target : targets) {
      if (!deadline.allows(prober.longest())) {
        return Probed.DEADLINE;
      }
      BackendProbe seen = probe(target);
      LOG.atDebug()
          .setMessage("backend probed")
          .addKeyValue("reference", reference)
          .addKeyValue("field", target.field())
          .addKeyValue("result", seen.result().label())
          .addKeyValue("seen", seen.describe())
          .log();
      outcome = outcome.with(target, seen);
    }
    Instant now = clock.instant();
    store.record(reference, digest.get(), outcome.text(), now, now.plus(interval));
    if (outcome.conclusivelyDiffers(previous)) {
      requeue.accept(reference);
    }
    return Probed.PROBED;
  }

  private BackendProbe probe(BackendTargets.Target target) {
    List<java.security.cert.X509Certificate> authorities = List.of();
    if (target.authorities() != null) {
      try {
        authorities =
            Pem.certificates(target.authorityField(), target.authorities(), Pem.CHAIN_BYTES);
      } catch (TlsInputException e) {
        // Reported by the certificate check as certificate-invalid; nothing to probe against.
        return BackendProbe.notProbed(BackendProbe.Result.UNREACHABLE, e.getMessage());
      }
    }
    BackendProbe seen =
        prober.probe(target.host(), target.port(), authorities, target.authorityField());
    metrics.probed(seen.result());
    return seen;
  }
}
