package org.slapos.instancenode.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.desired.RecordingHandler.Event;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

class DesiredPollerTest {
  private static final CacheChanges NOTHING = new CacheChanges(List.of(), List.of(), List.of());

  @TempDir Path dir;
  private InstanceStore instanceDb;
  private final DesiredCache cache = new DesiredCache();
  private final DesiredPoller poller = new DesiredPoller(cache);
  private final RecordingHandler handler = new RecordingHandler(cache);

  @BeforeEach
  void setUp() {
    instanceDb = InstanceStore.open(dir.resolve("instance.db"));
    poller.addEventHandler(handler);
  }

  @AfterEach
  void tearDown() {
    instanceDb.close();
  }

  static InstanceRow row(String reference, String hash, String state, String hosts) {
    return new InstanceRow(
        reference,
        "{\"url\": \"https://backend\", \"server-alias\": \"" + hosts + "\"}",
        InstanceRow.VALID.equals(state) ? "{}" : "{\"message\": \"m\"}",
        hash,
        "1700000000",
        state);
  }

  private void store(InstanceRow... rows) {
    instanceDb.write(List.of(rows), List.of());
  }

  private Map<String, DesiredResource> cached() {
    return cache.references().stream()
        .collect(Collectors.toMap(Function.identity(), r -> cache.resource(r).orElseThrow()));
  }

  @Test
  void firstSyncAddsEveryRow() {
    InstanceRow a = row("a", "h1", InstanceRow.VALID, "a.example.com");
    InstanceRow b = row("b", "h2", InstanceRow.INVALID, "b.example.com");
    store(b, a);

    CacheChanges changes = poller.sync(instanceDb);

    assertEquals(new CacheChanges(List.of("a", "b"), List.of(), List.of()), changes);
    assertEquals(2, cache.size());
    assertEquals(Set.of("a", "b"), cache.references());
    assertEquals(Optional.of(a), cache.get("a"));
    assertEquals(Optional.of(b), cache.get("b"));
    assertEquals(
        List.of(
            new Event(null, cache.resource("a").orElseThrow(), true),
            new Event(null, cache.resource("b").orElseThrow(), true)),
        handler.events);
  }

  @Test
  void unchangedSyncReadsNoRowAndFiresNothing() {
    store(row("a", "h1", InstanceRow.VALID, "a.com"), row("b", "h1", InstanceRow.STOPPED, ""));
    poller.sync(instanceDb);
    Map<String, DesiredResource> before = cached();
    handler.events.clear();
    // Same hash and state, other parameters: only a full row read could see them.
    store(row("a", "h1", InstanceRow.VALID, "other.com"));

    CacheChanges changes = poller.sync(instanceDb);

    assertEquals(NOTHING, changes);
    assertTrue(changes.isEmpty());
    assertEquals(List.of(), handler.events);
    before.forEach((reference, resource) -> assertSame(resource, cache.resource(reference).get()));
    assertEquals(List.of("a"), cache.referencesByHost("a.com"));
  }

  @Test
  void changedHashIsAnUpdateWithOldAndNew() {
    store(row("a", "h1", InstanceRow.VALID, "a.com"), row("b", "h1", InstanceRow.VALID, "b.com"));
    poller.sync(instanceDb);
    DesiredResource old = cache.resource("a").orElseThrow();
    DesiredResource untouched = cache.resource("b").orElseThrow();
    handler.events.clear();
    InstanceRow changed = row("a", "h2", InstanceRow.VALID, "a2.com");
    store(changed);

    CacheChanges changes = poller.sync(instanceDb);

    assertEquals(new CacheChanges(List.of(), List.of("a"), List.of()), changes);
    DesiredResource current = cache.resource("a").orElseThrow();
    assertEquals(changed, current.row());
    assertEquals(List.of(new Event(old, current, true)), handler.events);
    assertSame(untouched, cache.resource("b").orElseThrow());
  }

  @Test
  void changedStateAloneIsAnUpdate() {
    store(row("a", "h1", InstanceRow.INVALID, "a.com"));
    poller.sync(instanceDb);
    DesiredResource old = cache.resource("a").orElseThrow();
    handler.events.clear();
    store(row("a", "h1", InstanceRow.VALID, "a.com"));

    CacheChanges changes = poller.sync(instanceDb);

    assertEquals(new CacheChanges(List.of(), List.of("a"), List.of()), changes);
    DesiredResource current = cache.resource("a").orElseThrow();
    assertEquals("h1:valid:1700000000", current.resourceVersion());
    assertEquals(List.of(new Event(old, current, true)), handler.events);
  }

  @Test
  void rewrittenErrorsWithTheSameParametersAreAnUpdate() {
    store(row("a", "h1", InstanceRow.INVALID, "a.com"));
    poller.sync(instanceDb);
    DesiredResource old = cache.resource("a").orElseThrow();
    handler.events.clear();
    // slapconfiguration under a new schema: same parameters and hash, new errors and timestamp.
    InstanceRow rewritten =
        new InstanceRow(
            "a",
            old.row().jsonParameters(),
            "{\"errors\": [\"new\"], \"message\": \"new\"}",
            "h1",
            "1700000060",
            InstanceRow.INVALID);
    store(rewritten);

    CacheChanges changes = poller.sync(instanceDb);

    assertEquals(new CacheChanges(List.of(), List.of("a"), List.of()), changes);
    assertEquals(rewritten, cache.resource("a").orElseThrow().row());
    assertEquals(1, handler.events.size());
  }

  @Test
  void removedRowIsADeletion() {
    store(row("a", "h1", InstanceRow.VALID, "a.com"), row("b", "h1", InstanceRow.VALID, "b.com"));
    poller.sync(instanceDb);
    DesiredResource old = cache.resource("a").orElseThrow();
    handler.events.clear();
    instanceDb.write(List.of(), List.of("a"));

    CacheChanges changes = poller.sync(instanceDb);

    assertEquals(new CacheChanges(List.of(), List.of(), List.of("a")), changes);
    assertEquals(Optional.empty(), cache.get("a"));
    assertEquals(List.of(), cache.referencesByHost("a.com"));
    assertEquals(Set.of("b"), cache.references());
    assertEquals(List.of(new Event(old, null, true)), handler.events);
  }

  @Test
  void emptiedStoreDeletesEverything() {
    store(row("a", "h1", InstanceRow.VALID, "a.com"), row("b", "h1", InstanceRow.VALID, "b.com"));
    poller.sync(instanceDb);
    instanceDb.write(List.of(), List.of("a", "b"));

    CacheChanges changes = poller.sync(instanceDb);

    assertEquals(new CacheChanges(List.of(), List.of(), List.of("a", "b")), changes);
    assertEquals(0, cache.size());
  }

  @Test
  void failingStoreThrowsAndLeavesTheCacheAsItWas() {
    store(row("a", "h1", InstanceRow.VALID, "a.com"));
    poller.sync(instanceDb);
    Map<String, DesiredResource> before = cached();
    handler.events.clear();
    instanceDb.close();

    assertThrows(RuntimeException.class, () -> poller.sync(instanceDb));

    assertEquals(before, cached());
    assertEquals(List.of("a"), cache.referencesByHost("a.com"));
    assertEquals(List.of(), handler.events);
  }

  @Test
  void replaceHasTheSemanticsOfSync() {
    InstanceRow a = row("a", "h1", InstanceRow.VALID, "a.com");
    poller.replace(List.of(a, row("b", "h1", InstanceRow.VALID, "b.com")));
    DesiredResource cachedA = cache.resource("a").orElseThrow();

    CacheChanges changes = poller.replace(List.of(a, row("c", "h1", InstanceRow.VALID, "c.com")));

    assertEquals(new CacheChanges(List.of("c"), List.of(), List.of("b")), changes);
    assertSame(cachedA, cache.resource("a").orElseThrow());
    assertEquals(NOTHING, poller.replace(List.of(a, row("c", "h1", InstanceRow.VALID, "c.com"))));
  }

  @Test
  void replaceRefusesAReferenceListedTwice() {
    poller.replace(List.of(row("a", "h1", InstanceRow.VALID, "a.com")));
    List<InstanceRow> twice =
        List.of(row("b", "h1", InstanceRow.VALID, ""), row("b", "h2", InstanceRow.VALID, ""));

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> poller.replace(twice));

    assertTrue(error.getMessage().contains("instance b"), error.getMessage());
    assertEquals(Set.of("a"), cache.references());
  }

  @Test
  void failingHandlerDoesNotStopTheOthers() {
    poller.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(DesiredResource resource) {
            throw new IllegalStateException("handler bug");
          }

          @Override
          public void onUpdate(DesiredResource old, DesiredResource current) {}

          @Override
          public void onDelete(DesiredResource old, boolean deletedFinalStateUnknown) {}
        });
    RecordingHandler later = new RecordingHandler(cache);
    poller.addEventHandler(later);

    CacheChanges changes = poller.replace(List.of(row("a", "h1", InstanceRow.VALID, "")));

    assertEquals(List.of("a"), changes.added());
    assertEquals(1, handler.events.size());
    assertEquals(1, later.events.size());
  }
}
