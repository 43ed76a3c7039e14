package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceStoreFindAllTest {
  @TempDir Path dir;

  private static InstanceRow row(int i) {
    return new InstanceRow(
        String.format("ref-%05d", i), "{\"n\": " + i + "}", "{}", "h" + i, "1700000000", "valid");
  }

  @Test
  void findsTheExistingRowsAcrossManyStatementsInReferenceOrder() {
    try (InstanceStore store = InstanceStore.open(dir.resolve("instance.db"))) {
      List<InstanceRow> stored =
          IntStream.range(0, 2_500).mapToObj(InstanceStoreFindAllTest::row).toList();
      store.write(stored, List.of());
      List<String> asked = new ArrayList<>();
      List<InstanceRow> expected = new ArrayList<>();
      for (int i = 2_499; i >= 0; i -= 2) {
        asked.add(stored.get(i).reference());
        expected.add(0, stored.get(i));
      }
      asked.add("missing");
      asked.add(stored.get(1).reference()); // asked twice, returned once

      assertEquals(expected, store.findAll(asked));
    }
  }

  @Test
  void noReferencesFindNoRows() {
    try (InstanceStore store = InstanceStore.open(dir.resolve("instance.db"))) {
      store.write(List.of(row(1)), List.of());

      assertEquals(List.of(), store.findAll(List.of()));
      assertEquals(List.of(), store.findAll(List.of("missing")));
    }
  }
}
