package org.slapos.instancenode.dns;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The concurrency bound and the metrics, with a lookup that blocks until the test lets it go. */
class DnsLookupsTest {

  /** Counts lookups in flight and holds them until {@link #release()}. */
  private static final class HeldLookup implements TxtLookup {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final CountDownLatch gate = new CountDownLatch(1);

    @Override
    public TxtEvidence lookup(String name) {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
      return TxtEvidence.of(name, "fake", new TxtAnswer.Absent("no TXT record at " + name));
    }

    void release() {
      gate.countDown();
    }
  }

  @Test
  void noMoreLookupsRunThanTheBoundAndTheOthersWait() throws Exception {
    HeldLookup held = new HeldLookup();
    // Five workers looking up at once, as the node's reconcile workers do.
    ExecutorService callers = Executors.newFixedThreadPool(5);
    DnsLookups lookups = new DnsLookups(held, 2, DnsMetrics.NONE);
    List<CompletableFuture<TxtEvidence>> futures =
        IntStream.range(0, 5)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> lookups.txtNow("n" + i + ".example.com"), callers))
            .toList();

    await().atMost(Duration.ofSeconds(10)).until(() -> lookups.waiting() == 3);
    assertEquals(2, held.inFlight.get());

    held.release();
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
    assertEquals(2, held.mostInFlight.get());
    assertEquals(0, lookups.waiting());
    callers.shutdown();
  }

  @Test
  void everyLookupIsReportedWithItsResult() {
    List<String> results = Collections.synchronizedList(new ArrayList<>());
    TxtLookup fake =
        name ->
            TxtEvidence.of(
                name,
                "fake",
                name.startsWith("found")
                    ? new TxtAnswer.Found(List.of("t"), name, List.of(), "fake")
                    : new TxtAnswer.Transient("SERVFAIL from fake"));
    DnsLookups lookups = new DnsLookups(fake, 1, (result, latency) -> results.add(result));
    lookups.txtNow("found.example.com");
    lookups.txtNow("lost.example.com");

    assertEquals(List.of(DnsMetrics.FOUND, DnsMetrics.TRANSIENT), results);
  }

  @Test
  void aFailedLookupGivesItsSlotBack() {
    TxtLookup broken =
        name -> {
          throw new IllegalArgumentException("not a DNS name: '" + name + "'");
        };
    DnsLookups lookups = new DnsLookups(broken, 1, DnsMetrics.NONE);

    assertThrows(IllegalArgumentException.class, () -> lookups.txtNow("a..b"));
    assertThrows(IllegalArgumentException.class, () -> lookups.txtNow("a..b"));
    assertEquals(0, lookups.waiting());
  }

  @Test
  void boundBelowOneIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> new DnsLookups(name -> null, 0, DnsMetrics.NONE));
  }
}
