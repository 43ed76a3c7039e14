package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.SqliteCli;

/**
 * {@link InstanceStore#countByStateAndReason()} parses only the {@code json_error} that is not
 * {@code {}}: its counts are those of parsing every row, whatever the rows hold (the Python node's
 * {@code 1}/{@code 0} states, a null state or error, errors that are not JSON or not text).
 */
class InstanceStoreCountTest {
  /** Every row's reason parsed, one statement: the counts as they were computed before. */
  private static final String EVERY_ROW =
      "SELECT valid_parameter AS state, CASE WHEN json_valid(json_error)"
          + " THEN json_extract(json_error, '$.reason') END AS reason, count(*) AS n"
          + " FROM instance GROUP BY 1, 2";

  @TempDir Path dir;

  @Test
  void countsAreThoseOfParsingEveryRow() throws Exception {
    Path file = dir.resolve("request.sqlite");
    InstanceStore.openRequestDb(file).close();
    StringBuilder insert =
        new StringBuilder(
            "INSERT INTO instance (reference, json_error, valid_parameter) VALUES"
                + " ('V1', '{}', 'valid'), ('V2', '{}', 'valid'),"
                + " ('VW', '{\"warnings\": [\"w\"]}', 'valid'),"
                + " ('VR', '{\"reason\": \"odd\", \"warnings\": [\"w\"]}', 'valid'),"
                + " ('VN', NULL, 'valid'), ('VS', ' {}', 'valid'),"
                + " ('I1', '{\"message\": \"m\", \"reason\": \"schema\"}', 'invalid'),"
                + " ('I2', '{\"message\": \"m\", \"reason\": \"schema\"}', 'invalid'),"
                + " ('I3', '{\"message\": \"m\", \"reason\": \"alias-invalid\"}', 'invalid'),"
                + " ('I4', '{\"message\": \"m\"}', 'invalid'), ('I5', '{}', 'invalid'),"
                + " ('I6', 'not json', 'invalid'), ('I7', '{\"reason\": 5}', 'invalid'),"
                + " ('IB', CAST('{}' AS BLOB), 'invalid'),"
                + " ('S1', '{}', 'stopped'), ('S2', '{\"reason\": \"schema\"}', 'stopped'),"
                // As earlier SlapOS releases wrote them: a boolean, and no state at all.
                + " ('P1', '{}', 1), ('P2', '{}', '1'), ('P3', '{\"reason\": \"schema\"}', 0),"
                + " ('P4', '{}', 0), ('N1', '{}', NULL), ('N2', '{\"reason\": \"x\"}', NULL)");
    for (int i = 0; i < 200; i++) {
      insert.append(", ('MANY-%d', '{}', 'valid')".formatted(i));
    }
    SqliteCli.run(file, insert + ";");

    try (InstanceStore store = InstanceStore.openRequestDbReadOnly(file)) {
      Map<String, Map<String, Integer>> counts = store.countByStateAndReason();

      assertEquals(everyRowParsed(file), counts);
      InstanceStore.Overview overview = store.overview(3);
      assertEquals(counts, overview.byStateAndReason());
      assertEquals(
          List.of("I1", "I2", "I3"),
          overview.invalid().rows().stream().map(InstanceRow::reference).toList());
      assertEquals(count(file, "valid_parameter = 'invalid'"), overview.invalid().total());
      assertEquals(
          List.of("VR", "VS", "VW"),
          overview.warned().rows().stream().map(InstanceRow::reference).toList(),
          "a null json_error is no warning");
      assertEquals(
          count(file, "valid_parameter = 'valid' AND json_error <> '{}'"),
          overview.warned().total());
      assertEquals(
          Map.of("", 205, "odd", 1), counts.get(InstanceRow.VALID), "'{}', warnings, null, ' {}'");
      assertEquals(Map.of("", 2), counts.get("1"), "an integer and a text 1 are one state");
      assertEquals(Map.of("", 1, "schema", 1), counts.get("0"));
      assertEquals(Map.of("", 1, "x", 1), counts.get(null));
    }
  }

  @Test
  void anEmptyTableCountsNothing() throws Exception {
    Path file = dir.resolve("request.sqlite");
    try (InstanceStore store = InstanceStore.openRequestDb(file)) {
      assertEquals(Map.of(), store.countByStateAndReason());
      assertEquals(everyRowParsed(file), store.countByStateAndReason());
    }
  }

  private static int count(Path file, String where) throws Exception {
    return Integer.parseInt(
        SqliteCli.run(file, "SELECT count(*) FROM instance WHERE " + where + ";").strip());
  }

  /** {@link #EVERY_ROW} run by the sqlite3 tool, read as the store reads its columns. */
  private static Map<String, Map<String, Integer>> everyRowParsed(Path file) throws Exception {
    Map<String, Map<String, Integer>> counts = new HashMap<>();
    for (JsonNode row : SqliteCli.query(file, EVERY_ROW)) {
      String state = row.path("state").isNull() ? null : row.path("state").asText();
      String reason = row.path("reason").isNull() ? "" : row.path("reason").asText();
      counts
          .computeIfAbsent(state, k -> new HashMap<>())
          .merge(reason, row.path("n").asInt(), Integer::sum);
    }
    return counts;
  }
}
