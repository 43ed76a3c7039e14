package org.slapos.instancenode.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.desired.DesiredPollerTest.row;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.json.EntryBounds;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.IntegrityCheck;
import org.slapos.instancenode.store.StoredSummary;

/** An on-demand sync reads a row only when asked for it, and then serves what an eager one does. */
class DesiredCacheOnDemandTest {
  private static final EntryBounds BOUNDS = new EntryBounds(200, 4);

  @TempDir Path dir;
  private InstanceStore instanceDb;
  private final DesiredCache eager = new DesiredCache();
  private final DesiredCache onDemand = new DesiredCache();
  private final DesiredPoller eagerPoller = new DesiredPoller(eager, BOUNDS);
  private final DesiredPoller onDemandPoller = new DesiredPoller(onDemand, BOUNDS);

  @BeforeEach
  void setUp() {
    // As the node opens it: parameters over the bound are withheld, then refused by the screen.
    instanceDb =
        InstanceStore.open(dir.resolve("instance.db"), IntegrityCheck.FULL, BOUNDS.maxBytes());
    instanceDb.write(
        List.of(
            row("good", "h1", InstanceRow.VALID, "good.example.com www.example.com"),
            row("shared", "h2", InstanceRow.INVALID, "*.www.example.com"),
            row("stopped", "h3", InstanceRow.STOPPED, "stopped.example.com"),
            new InstanceRow("null", null, "{}", "h4", "1700000000", InstanceRow.VALID),
            new InstanceRow("list", "[1, 2]", "{}", "h5", "1700000000", InstanceRow.VALID),
            new InstanceRow(
                "deep", "{\"a\": [[[[[1]]]]]}", "{}", "h6", "1700000000", InstanceRow.VALID),
            new InstanceRow(
                "large",
                "{\"a\": \"" + "x".repeat(300) + "\"}",
                "{}",
                "h7",
                "1700000000",
                InstanceRow.VALID)),
        List.of());
  }

  @AfterEach
  void tearDown() {
    instanceDb.close();
  }

  @Test
  void rowsReadOnDemandAreTheRowsAnEagerSyncServes() {
    CacheChanges eagerChanges = eagerPoller.sync(instanceDb);
    CacheChanges onDemandChanges = onDemandPoller.sync(instanceDb, true);

    assertEquals(eagerChanges, onDemandChanges);
    assertEquals(eager.references(), onDemand.references());
    assertEquals(eager.size(), onDemand.size());
    for (String reference : eager.references()) {
      DesiredResource expected = eager.resource(reference).orElseThrow();
      DesiredResource read = onDemand.resource(reference).orElseThrow();
      assertEquals(expected.row(), read.row(), reference);
      assertEquals(expected.hosts(), read.hosts(), reference);
      assertEquals(expected.resourceVersion(), read.resourceVersion(), reference);
    }
    assertEquals(eager.summaries(), onDemand.summaries());
    assertEquals(InstanceRow.INVALID, onDemand.get("list").orElseThrow().state());
    assertEquals(InstanceRow.INVALID, onDemand.get("deep").orElseThrow().state());
    assertEquals(InstanceRow.INVALID, onDemand.get("large").orElseThrow().state());
    assertEquals(Optional.empty(), onDemand.get("absent"));
  }

  @Test
  void hostsAreLookedUpOverEveryRowReadOrNot() {
    eagerPoller.sync(instanceDb);
    onDemandPoller.sync(instanceDb, true);
    onDemand.resource("good");

    for (String host : List.of("www.example.com", "good.example.com", "stopped.example.com")) {
      assertEquals(eager.referencesByHost(host), onDemand.referencesByHost(host), host);
    }
    assertEquals(List.of("good", "shared"), onDemand.referencesByHost("www.example.com"));
  }

  @Test
  void anEntryNotReadIsSummarisedInItsStoredStateUntilRead() {
    onDemandPoller.sync(instanceDb, true);

    // Nothing read yet: the screen has not seen the list, stored valid.
    assertEquals(
        new StoredSummary("h5", InstanceRow.VALID, "1700000000"), onDemand.summaries().get("list"));
    assertTrue(onDemand.read(List.of("list", "good")));
    assertFalse(onDemand.read(List.of("list", "good")), "read once");

    Map<String, StoredSummary> summaries = onDemand.summaries();
    assertEquals(new StoredSummary("h5", InstanceRow.INVALID, "1700000000"), summaries.get("list"));
    assertEquals(new StoredSummary("h6", InstanceRow.VALID, "1700000000"), summaries.get("deep"));
  }

  @Test
  void laterSyncsSeeChangesOfEntriesReadOrNot() {
    eagerPoller.sync(instanceDb);
    onDemandPoller.sync(instanceDb, true);
    onDemand.resource("good");
    instanceDb.write(
        List.of(
            row("good", "h1-new", InstanceRow.VALID, "new.example.com"),
            row("shared", "h2-new", InstanceRow.VALID, "shared.example.com"),
            row("added", "h8", InstanceRow.VALID, "added.example.com")),
        List.of("stopped", "null"));

    CacheChanges eagerChanges = eagerPoller.sync(instanceDb);
    assertEquals(eagerChanges, onDemandPoller.sync(instanceDb, true));
    assertEquals(
        new CacheChanges(List.of("added"), List.of("good", "shared"), List.of("null", "stopped")),
        eagerChanges);

    assertEquals(eager.references(), onDemand.references());
    assertEquals(eager.get("shared"), onDemand.get("shared"));
    assertEquals(List.of("good"), onDemand.referencesByHost("new.example.com"));
    assertEquals(List.of(), onDemand.referencesByHost("stopped.example.com"));
    // Every row was read for the hosts: now summarised as served, as the eager cache does.
    assertFalse(onDemand.hasUnread());
    assertEquals(new TreeMap<>(eager.summaries()), new TreeMap<>(onDemand.summaries()));
  }

  @Test
  void aRowChangedSinceTheSyncIsServedAsStoredAndTheNextSyncUpdatesIt() {
    onDemandPoller.sync(instanceDb, true);
    InstanceRow changed = row("good", "h1-new", InstanceRow.VALID, "new.example.com");
    instanceDb.write(List.of(changed), List.of());

    assertEquals(Optional.of(changed), onDemand.get("good"));
    // Not kept: the cache still holds the listed version, so the next sync sees the change.
    assertEquals("h1", onDemand.summaries().get("good").hash());
    assertEquals(
        new CacheChanges(List.of(), List.of("good"), List.of()),
        onDemandPoller.sync(instanceDb, true));
    assertEquals(Optional.of(changed), onDemand.get("good"));
  }

  @Test
  void aRowDeletedSinceTheSyncIsLeftToTheNextSync() {
    onDemandPoller.sync(instanceDb, true);
    instanceDb.write(List.of(), List.of("good"));

    DesiredStateException error =
        assertThrows(DesiredStateException.class, () -> onDemand.resource("good"));

    assertTrue(error.getMessage().contains("instance good"), error.getMessage());
    assertTrue(onDemand.references().contains("good"), "removed by a sync only");
    assertEquals(
        new CacheChanges(List.of(), List.of(), List.of("good")),
        onDemandPoller.sync(instanceDb, true));
    assertEquals(Optional.empty(), onDemand.get("good"));
  }

  @Test
  void handlersAreGivenWholeResourcesSoTheirPollerReadsEveryRow() {
    RecordingHandler handler = new RecordingHandler(onDemand);
    onDemandPoller.addEventHandler(handler);

    onDemandPoller.sync(instanceDb, true);

    assertEquals(7, handler.events.size());
    assertFalse(onDemand.hasUnread());
    DesiredPoller late = new DesiredPoller(eager, BOUNDS);
    late.sync(instanceDb, true);
    assertThrows(IllegalStateException.class, () -> late.addEventHandler(handler));
  }
}
