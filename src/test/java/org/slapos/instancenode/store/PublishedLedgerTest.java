package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.SqliteCli;

class PublishedLedgerTest {
  @TempDir Path dir;

  @Test
  void whatWasPublishedSurvivesAReopen() {
    Path file = dir.resolve("request.sqlite");
    try (InstanceStore store = InstanceStore.openRequestDb(file)) {
      store.published().record("SHARED-1", "error", "custom_domain is invalid", "1700000000");
      store.published().record("SHARED-1", "connection", "{}", "1700000000");
    }

    try (InstanceStore store = InstanceStore.openRequestDb(file)) {
      assertEquals(
          Optional.of("custom_domain is invalid"), store.published().last("SHARED-1", "error"));
      assertEquals(Optional.of("{}"), store.published().last("SHARED-1", "connection"));
      assertEquals(Optional.empty(), store.published().last("SHARED-2", "error"));
    }
  }

  @Test
  void aNewPublicationReplacesTheLastOne() {
    try (InstanceStore store = InstanceStore.openRequestDb(dir.resolve("request.sqlite"))) {
      store.published().record("SHARED-1", "error", "first", "1");
      store.published().record("SHARED-1", "error", "second", "2");

      assertEquals(Optional.of("second"), store.published().last("SHARED-1", "error"));
    }
  }

  @Test
  void forgettingAnEntryForgetsWhatWasPublishedForIt() {
    try (InstanceStore store = InstanceStore.openRequestDb(dir.resolve("request.sqlite"))) {
      store.published().record("SHARED-1", "error", "message", "1");
      store.published().record("SHARED-2", "error", "message", "1");

      store.batch().delete("SHARED-1").commit();

      assertEquals(Optional.empty(), store.published().last("SHARED-1", "error"));
      assertEquals(Optional.of("message"), store.published().last("SHARED-2", "error"));
    }
  }

  @Test
  void aRequestDbOfTheEarlierVersionGainsTheTable() throws IOException, InterruptedException {
    Path file = dir.resolve("request.sqlite");
    try (InstanceStore store = InstanceStore.openRequestDb(file)) {
      store.published().record("SHARED-1", "error", "message", "1");
    }
    SqliteCli.run(
        file,
        "DROP TABLE published; DROP TABLE certificate_timing; DROP TABLE backend_probe;"
            + " DELETE FROM schema_version WHERE version >= 4;");

    try (InstanceStore store = InstanceStore.openRequestDb(file)) {
      assertEquals(Optional.empty(), store.published().last("SHARED-1", "error"));
      store.published().record("SHARED-1", "error", "again", "2");
      assertEquals(Optional.of("again"), store.published().last("SHARED-1", "error"));
    }
    assertEquals("6\n", SqliteCli.run(file, "SELECT max(version) FROM schema_version;"));
  }

  @Test
  void theInstanceDbHasNoLedger() {
    try (InstanceStore store = InstanceStore.open(dir.resolve("instance.sqlite"))) {
      assertThrows(IllegalStateException.class, store::published);
    }
  }
}
