package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.SqliteCli;

class InstanceStoreTest {
  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void setUp() {
    file = dir.resolve("request.db");
  }

  private static InstanceRow valid(String reference, String hash) {
    return new InstanceRow(
        reference, "{\"url\": \"https://" + reference + "\"}", "{}", hash, "1700000000", "valid");
  }

  private static InstanceRow invalid(String reference, String hash) {
    return new InstanceRow(
        reference, "{}", "{\"message\": \"bad\"}", hash, "1700000001", InstanceRow.INVALID);
  }

  @Test
  void writtenRowsAreReadBack() {
    try (InstanceStore store = InstanceStore.open(file)) {
      store.write(List.of(valid("b", "hb"), invalid("a", "ha")), List.of());

      assertEquals(Optional.of(valid("b", "hb")), store.find("b"));
      assertEquals(Optional.empty(), store.find("missing"));
      assertEquals(List.of(invalid("a", "ha"), valid("b", "hb")), store.all());
      assertEquals(
          Map.of(
              "a", new StoredSummary("ha", "invalid", "1700000001"),
              "b", new StoredSummary("hb", "valid", "1700000000")),
          store.summaries());
    }
  }

  @Test
  void oneBatchUpsertsAndDeletes() {
    try (InstanceStore store = InstanceStore.open(file)) {
      store.write(List.of(valid("a", "h1"), valid("b", "h1"), valid("c", "h1")), List.of());

      store.write(List.of(invalid("a", "h2"), valid("d", "h1")), List.of("b", "never-stored"));

      assertEquals(List.of(invalid("a", "h2"), valid("c", "h1"), valid("d", "h1")), store.all());
    }
  }

  @Test
  void rowsSurviveReopening() {
    try (InstanceStore store = InstanceStore.open(file)) {
      store.write(List.of(valid("a", "h")), List.of());
    }
    try (InstanceStore store = InstanceStore.open(file)) {
      assertEquals(List.of(valid("a", "h")), store.all());
    }
  }

  @Test
  void referenceBothWrittenAndDeletedIsRejected() {
    try (InstanceStore store = InstanceStore.open(file)) {
      IllegalArgumentException error =
          assertThrows(
              IllegalArgumentException.class,
              () -> store.write(List.of(valid("a", "h")), List.of("a")));
      assertTrue(error.getMessage().contains("instance a"), error.getMessage());
    }
  }

  @Test
  void emptyWriteTakesNoLock() throws Exception {
    try (InstanceStore store = InstanceStore.open(file);
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement lock = other.createStatement()) {
      lock.execute("BEGIN IMMEDIATE");
      // A write that began a transaction would wait for this lock, then fail.
      store.write(List.of(), List.of());
      lock.execute("ROLLBACK");
    }
  }

  @Test
  void failedBatchLeavesNothingHalfWritten() throws Exception {
    try (InstanceStore store = InstanceStore.open(file)) {
      store.write(List.of(valid("a", "h1"), valid("x", "h1")), List.of());
    }
    SqliteCli.run(
        file,
        "CREATE TRIGGER poison BEFORE INSERT ON instance WHEN NEW.reference = 'poison'"
            + " BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;");
    try (InstanceStore store = InstanceStore.open(file)) {
      List<InstanceRow> upserts =
          List.of(invalid("a", "h2"), valid("b", "h1"), valid("poison", "h1"), valid("c", "h1"));

      StoreException error =
          assertThrows(StoreException.class, () -> store.write(upserts, List.of("x")));

      assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
      assertTrue(error.getMessage().contains("poisoned row"), error.getMessage());
      assertEquals(List.of(valid("a", "h1"), valid("x", "h1")), store.all());
      store.write(List.of(valid("b", "h1")), List.of("x"));
      assertEquals(List.of(valid("a", "h1"), valid("b", "h1")), store.all());
    }
  }

  @Test
  void backupHoldsTheRows() throws Exception {
    Path target = dir.resolve("backup.db");
    try (InstanceStore store = InstanceStore.open(file)) {
      store.write(List.of(valid("a", "h"), invalid("b", "h")), List.of());
      store.backup(target);
    }
    assertEquals("ok\n", SqliteCli.run(target, "PRAGMA integrity_check;"));
    try (InstanceStore copy = InstanceStore.open(target)) {
      assertEquals(List.of(valid("a", "h"), invalid("b", "h")), copy.all());
    }
  }
}
