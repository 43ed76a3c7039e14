package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link InstanceStore#commits()} on a real request DB: it moves with every change to the entries'
 * tables and never with the node's own {@code node_meta} bookkeeping, which a steady pass writes.
 */
class CommitCounterTest {
  private static final InstanceRow ROW =
      new InstanceRow("A", "{}", "{}", "h", "1700000000", InstanceRow.VALID);

  @TempDir Path dir;
  private InstanceStore store;

  @BeforeEach
  void open() {
    store = InstanceStore.openRequestDb(dir.resolve("request.sqlite"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void nodeMetaWritesAreCommittedButNotCounted() {
    long before = store.commits();

    store.batch().meta("last_run", "{\"mode\": \"daemon\"}").commit();
    store.replaceMeta("held-removals", null, "digest");

    assertEquals(before, store.commits());
    assertEquals(Optional.of("digest"), store.meta("held-removals"));
    assertEquals(Optional.of("{\"mode\": \"daemon\"}"), store.meta("last_run"));
  }

  @Test
  void aBatchChangingAnEntryAndNodeMetaIsCounted() {
    long before = store.commits();

    store.batch().upsert(ROW).meta("last_run", "{}").commit();

    assertNotEquals(before, store.commits());
  }

  @Test
  void everyChangeToTheEntriesIsCountedOnce() {
    assertEquals(1, counted(() -> store.write(List.of(ROW), List.of())));
    assertEquals(1, counted(() -> store.batch().absent("A", "1700000000").commit()));
    assertEquals(
        1,
        counted(
            () ->
                store
                    .batch()
                    .event(new StateEvent("A", "1700000000", null, "valid", null, ""))
                    .commit()));
    assertEquals(
        1,
        counted(
            () ->
                store
                    .certificateTimings()
                    .record("A", Optional.of(Instant.EPOCH), Optional.empty())));
  }

  /** How many counted commits {@code change} made. */
  private long counted(Runnable change) {
    long before = store.commits();
    change.run();
    return store.commits() - before;
  }
}
