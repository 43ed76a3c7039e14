package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certificate_timing} in a real request DB file. */
class CertificateTimingsTest {
  private static final Instant RECHECK = Instant.parse("2026-01-10T00:00:00Z");
  private static final Instant EXPIRY = Instant.parse("2026-02-09T00:00:00Z");

  @TempDir Path dir;

  @Test
  void timingsAreKeptAcrossReopeningAndAnUnchangedOneCommitsNothing() {
    Path file = dir.resolve("request.sqlite");
    try (InstanceStore store = InstanceStore.openRequestDb(file)) {
      store.certificateTimings().record("A", Optional.of(RECHECK), Optional.of(EXPIRY));
      store.certificateTimings().record("B", Optional.empty(), Optional.of(EXPIRY));
    }
    try (InstanceStore store = InstanceStore.openRequestDb(file)) {
      CertificateTimings timings = store.certificateTimings();
      assertEquals(Map.of("A", RECHECK), timings.rechecks());
      assertEquals(Map.of("A", EXPIRY, "B", EXPIRY), timings.expiries());
      long commits = store.commits();
      timings.record("A", Optional.of(RECHECK), Optional.of(EXPIRY));
      assertEquals(commits, store.commits(), "an unchanged timing is not written");
    }
  }

  @Test
  void aTimingGoesWhenNothingIsLeftToTimeAndWithItsEntry() {
    try (InstanceStore store = InstanceStore.openRequestDb(dir.resolve("request.sqlite"))) {
      CertificateTimings timings = store.certificateTimings();
      timings.record("A", Optional.of(RECHECK), Optional.of(EXPIRY));
      timings.record("B", Optional.of(RECHECK), Optional.of(EXPIRY));
      timings.record("A", Optional.empty(), Optional.empty());
      store.batch().upsert(new InstanceRow("B", "{}", "{}", "h", "1", InstanceRow.VALID)).commit();
      store.batch().delete("B").commit();
      assertEquals(Map.of(), timings.rechecks());
      assertEquals(Map.of(), timings.expiries());
    }
  }

  @Test
  void theInstanceDbHasNoTimings() {
    try (InstanceStore store = InstanceStore.open(dir.resolve("instance.sqlite"))) {
      assertThrows(IllegalStateException.class, store::certificateTimings);
    }
  }
}
