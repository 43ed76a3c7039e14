package org.slapos.instancenode.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.desired.DesiredPollerTest.row;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

@Timeout(60)
class DesiredCacheConcurrencyTest {
  private static final int ENTRIES = 1_000;
  private static final int SYNCS = 10;
  private static final int READERS = 2;

  @TempDir Path dir;
  private final DesiredCache cache = new DesiredCache();
  private final DesiredPoller poller = new DesiredPoller(cache);
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  /** Even references are always stored; odd ones come and go; every entry changes every sync. */
  private static List<InstanceRow> generation(int generation) {
    List<InstanceRow> rows = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      if (i % 2 == 0 || generation % 2 == 0) {
        String host =
            "e" + i + "-g" + generation + ".example.com shared" + (i % 10) + ".example.com";
        rows.add(row(String.format("r%05d", i), "h" + generation, InstanceRow.VALID, host));
      }
    }
    return rows;
  }

  @Test
  void readersNeverFailWhileSyncsRun() throws Exception {
    try (InstanceStore instanceDb = InstanceStore.open(dir.resolve("instance.db"))) {
      instanceDb.write(generation(0), List.of());
      poller.sync(instanceDb);
      AtomicBoolean syncing = new AtomicBoolean(true);
      AtomicInteger reads = new AtomicInteger();
      List<Future<?>> readers = new ArrayList<>();
      for (int t = 0; t < READERS; t++) {
        readers.add(threads.submit(() -> read(syncing, reads)));
      }
      try {
        for (int g = 1; g <= SYNCS; g++) {
          List<InstanceRow> rows = generation(g);
          List<String> stale = new ArrayList<>(cache.references());
          stale.removeAll(rows.stream().map(InstanceRow::reference).toList());
          instanceDb.write(rows, stale);
          poller.sync(instanceDb);
          assertEquals(rows.size(), cache.size());
        }
      } finally {
        syncing.set(false);
      }
      for (Future<?> reader : readers) {
        reader.get(); // rethrows what a reader threw
      }
      assertTrue(reads.get() > 0);
    }
  }

  private void read(AtomicBoolean syncing, AtomicInteger reads) {
    do {
      for (int i = 0; i < ENTRIES; i += 97) {
        String reference = String.format("r%05d", i);
        cache.get(reference);
        cache
            .resource(reference)
            .ifPresent(resource -> assertEquals(reference, resource.reference()));
        // An always-stored entry is replaced in place, never missing.
        if (i % 2 == 0) {
          assertTrue(cache.get(reference).isPresent(), reference);
        }
        List<String> owners = cache.referencesByHost("shared" + (i % 10) + ".example.com");
        assertEquals(owners.stream().sorted().toList(), owners);
      }
      cache.references().size();
      reads.incrementAndGet();
    } while (syncing.get());
  }
}
