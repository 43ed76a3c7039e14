package org.slapos.instancenode.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slapos.instancenode.desired.DesiredPollerTest.row;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

class DesiredCacheTest {
  @TempDir Path dir;
  private final DesiredCache cache = new DesiredCache();
  private final DesiredPoller poller = new DesiredPoller(cache);

  @Test
  void sharedHostFindsBothOwnersSorted() {
    poller.replace(
        List.of(
            row("z", "h", InstanceRow.VALID, "shared.example.com z.example.com"),
            row("a", "h", InstanceRow.INVALID, "*.shared.example.com"),
            row("m", "h", InstanceRow.VALID, "m.example.com")));

    assertEquals(List.of("a", "z"), cache.referencesByHost("shared.example.com"));
    assertEquals(List.of("z"), cache.referencesByHost("z.example.com"));
    assertEquals(List.of(), cache.referencesByHost("nobody.example.com"));
  }

  @Test
  void hostIsLookedUpAsHostsAreIndexed() {
    poller.replace(List.of(row("a", "h", InstanceRow.VALID, "www.example.com")));

    assertEquals(List.of("a"), cache.referencesByHost("WWW.Example.com."));
    assertEquals(List.of("a"), cache.referencesByHost("*.www.example.com"));
  }

  @Test
  void indexFollowsSyncs() {
    try (InstanceStore instanceDb = InstanceStore.open(dir.resolve("instance.db"))) {
      instanceDb.write(
          List.of(
              row("a", "h1", InstanceRow.VALID, "shared.example.com a.example.com"),
              row("b", "h1", InstanceRow.VALID, "shared.example.com")),
          List.of());
      poller.sync(instanceDb);
      assertEquals(List.of("a", "b"), cache.referencesByHost("shared.example.com"));

      instanceDb.write(List.of(row("a", "h2", InstanceRow.VALID, "a.example.com")), List.of());
      poller.sync(instanceDb);

      assertEquals(List.of("b"), cache.referencesByHost("shared.example.com"));
      assertEquals(List.of("a"), cache.referencesByHost("a.example.com"));

      instanceDb.write(List.of(), List.of("b"));
      poller.sync(instanceDb);

      assertEquals(List.of(), cache.referencesByHost("shared.example.com"));
    }
  }

  @Test
  void emptyCacheHasNothing() {
    assertEquals(0, cache.size());
    assertEquals(Optional.empty(), cache.get("a"));
    assertEquals(Optional.empty(), cache.resource("a"));
    assertEquals(List.of(), List.copyOf(cache.references()));
  }
}
