package org.slapos.instancenode.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class HostIndexTest {
  private final HostIndex index = new HostIndex();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void addedEntryIsFoundUnderEachOfItsHosts() {
    index.replace("a", List.of(), List.of("a.example.com", "www.a.example.com"));

    assertEquals(List.of("a"), index.references("a.example.com"));
    assertEquals(List.of("a"), index.references("www.a.example.com"));
    assertEquals(List.of(), index.references("b.example.com"));
    assertEquals(2, index.hosts());
  }

  @Test
  void replacingWithOtherHostsDropsOnlyTheOldOnes() {
    index.replace("a", List.of(), List.of("kept.example.com", "old.example.com"));

    index.replace(
        "a",
        List.of("kept.example.com", "old.example.com"),
        List.of("kept.example.com", "new.com"));

    assertEquals(List.of("a"), index.references("kept.example.com"));
    assertEquals(List.of("a"), index.references("new.com"));
    assertEquals(List.of(), index.references("old.example.com"));
    assertEquals(2, index.hosts());
  }

  @Test
  void removedEntryLeavesNoHostBehind() {
    index.replace("a", List.of(), List.of("a.example.com", "shared.example.com"));
    index.replace("b", List.of(), List.of("shared.example.com"));

    index.replace("a", List.of("a.example.com", "shared.example.com"), List.of());

    assertEquals(List.of(), index.references("a.example.com"));
    assertEquals(List.of("b"), index.references("shared.example.com"));
    index.replace("b", List.of("shared.example.com"), List.of());
    assertEquals(0, index.hosts());
  }

  @Test
  void severalClaimantsAreSortedWhateverTheOrderTheyCame() {
    for (String reference : List.of("m", "z", "a", "q", "m")) {
      index.replace(reference, List.of(), List.of("shared.example.com"));
    }
    assertEquals(List.of("a", "m", "q", "z"), index.references("shared.example.com"));

    index.replace("q", List.of("shared.example.com"), List.of());
    assertEquals(List.of("a", "m", "z"), index.references("shared.example.com"));
    index.replace("a", List.of("shared.example.com"), List.of());
    index.replace("z", List.of("shared.example.com"), List.of());
    assertEquals(List.of("m"), index.references("shared.example.com"));
    // Removing one that does not claim the host changes nothing.
    index.replace("x", List.of("shared.example.com"), List.of());
    assertEquals(List.of("m"), index.references("shared.example.com"));
  }

  @Test
  void referencesAreACopyTheIndexDoesNotChange() {
    index.replace("a", List.of(), List.of("shared.example.com"));
    index.replace("b", List.of(), List.of("shared.example.com"));
    List<String> seen = index.references("shared.example.com");

    index.replace("c", List.of(), List.of("shared.example.com"));
    index.replace("a", List.of("shared.example.com"), List.of());

    assertEquals(List.of("a", "b"), seen);
  }

  /**
   * Writers move their own entries between two hosts while readers look: a reader always finds the
   * claimants sorted and the entry that never moves.
   */
  @Test
  @Timeout(60)
  void readersSeeSortedClaimantsWhileWritersChangeThem() throws Exception {
    index.replace("always", List.of(), List.of("left.example.com", "right.example.com"));
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    List<Future<?>> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      readers.add(
          threads.submit(
              () -> {
                do {
                  List<String> left = index.references("left.example.com");
                  List<String> right = index.references("right.example.com");
                  assertEquals(left.stream().sorted().toList(), left);
                  assertEquals(right.stream().sorted().toList(), right);
                  assertTrue(left.contains("always") && right.contains("always"));
                  reads.incrementAndGet();
                } while (writing.get());
              }));
    }
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      String reference = "mover" + w;
      writers.add(
          threads.submit(
              () -> {
                List<String> left = List.of("left.example.com");
                List<String> right = List.of("right.example.com");
                index.replace(reference, List.of(), left);
                for (int i = 0; i < 20_000; i++) {
                  index.replace(reference, left, right);
                  index.replace(reference, right, left);
                }
                index.replace(reference, left, List.of());
              }));
    }
    try {
      for (Future<?> writer : writers) {
        writer.get();
      }
    } finally {
      writing.set(false);
    }
    for (Future<?> reader : readers) {
      reader.get(); // rethrows what a reader threw
    }
    assertTrue(reads.get() > 0);
    assertEquals(List.of("always"), index.references("left.example.com"));
    assertEquals(List.of("always"), index.references("right.example.com"));
  }
}
