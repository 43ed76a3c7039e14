package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

/**
 * The daemon's status line and its recorded outcome share one count of a real request DB, redone
 * only after the node changed an entry.
 */
class ServiceStatusTest {
  private static final Instant AT = Instant.parse("2026-12-02T19:00:00Z");

  @TempDir Path dir;

  private static InstanceRow valid(String reference) {
    return new InstanceRow(reference, "{}", "{}", "h-" + reference, "1700000000", "valid");
  }

  @Test
  void aSteadyPassCountsNothingAgain() {
    Path file = dir.resolve("request.sqlite");
    try (InstanceStore requestDb = InstanceStore.openRequestDb(file);
        InstanceStore behindItsBack = InstanceStore.openRequestDb(file)) {
      requestDb.write(List.of(valid("A")), List.of());
      ServiceStatus status = new ServiceStatus(requestDb);
      assertEquals(Map.of("valid", Map.of("", 1)), status.counts());

      // A steady pass: its outcome recorded with the shared count, then the status line.
      LastRun.succeeded(AT, "daemon", status.counts()).record(requestDb);
      // Written by another connection, so invisible to the node's commit count: seen only if the
      // status line counted the rows again.
      behindItsBack.write(List.of(valid("B")), List.of());
      String line = status.afterPass(AT, Optional.empty(), 0);

      assertTrue(line.contains("entries: 1 valid"), line);
      assertEquals(Map.of("valid", Map.of("", 1)), LastRun.read(requestDb).orElseThrow().entries());

      requestDb.write(List.of(valid("C")), List.of());
      assertTrue(status.afterPass(AT, Optional.empty(), 0).contains("entries: 3 valid"));
    }
  }
}
