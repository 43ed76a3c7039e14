package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.NodeProcess;
import org.slapos.instancenode.testing.PythonInstanceDb;
import org.slapos.instancenode.testing.SqliteCli;

/**
 * Drop-in rows are input from another program: corrupt and oversized {@code json_parameters},
 * written with {@code sqlite3}, are refused one by one, never served, and a run-once in a small
 * heap over 20 MB rows ends and releases its lock.
 */
class CorruptInstanceDbIT {
  private static final int BOUND_SECONDS = 120;

  @TempDir Path dir;

  @Test
  void corruptAndOversizedRowsAreRefusedAloneInASmallHeap() throws Exception {
    NodeDir node = new NodeDir(dir);
    PythonInstanceDb.create(node.instanceDb())
        .change()
        .valid("GOOD", (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree("{}"))
        .commit();
    StringBuilder sql = new StringBuilder("BEGIN;\n");
    row(sql, "NOT-JSON", "'{\"url\": '");
    row(sql, "LIST", "'[1, 2]'");
    row(sql, "EMPTY", "''");
    row(sql, "BLOB", "X'7B7D'");
    row(sql, "NULL", "NULL");
    row(
        sql,
        "DEEP",
        "'{\"a\": ' || replace(hex(zeroblob(100000)), '00', '[')"
            + " || replace(hex(zeroblob(100000)), '00', ']') || '}'");
    for (int i = 0; i < 3; i++) {
      row(sql, "HUGE-" + i, "'{\"big\": \"' || hex(zeroblob(10000000)) || '\"}'");
    }
    SqliteCli.run(node.instanceDb(), sql.append("COMMIT;\n").toString());
    node.writeConfig("metrics-address = 127.0.0.1:0");

    for (int run = 0; run < 2; run++) {
      Path out = Files.createDirectories(dir.resolve("run-" + run));
      Process process =
          NodeProcess.start(
              out,
              Map.of("JDK_JAVA_OPTIONS", "-Xmx64m"),
              "run",
              "--once",
              "--config",
              node.config().toString());
      assertTrue(process.waitFor(BOUND_SECONDS, TimeUnit.SECONDS), "the run ended");
      String err = Files.readString(out.resolve("stderr.txt"));
      assertEquals(0, process.exitValue(), err);
    }

    Map<String, String> reasons = new TreeMap<>();
    for (JsonNode row :
        SqliteCli.query(
            node.requestDb(), "SELECT reference, valid_parameter, json_error FROM instance;")) {
      JsonNode error = Json.MAPPER.readTree(row.get("json_error").asText());
      reasons.put(
          row.get("reference").asText(),
          row.get("valid_parameter").asText() + " " + error.path("reason").asText());
    }
    assertEquals(
        new TreeMap<>(
            Map.of(
                "GOOD", "valid ",
                "NULL", "valid ",
                "NOT-JSON", "invalid schema",
                "LIST", "invalid schema",
                "EMPTY", "invalid schema",
                "BLOB", "invalid schema",
                "DEEP", "invalid entry-too-large",
                "HUGE-0", "invalid entry-too-large",
                "HUGE-1", "invalid entry-too-large",
                "HUGE-2", "invalid entry-too-large")),
        reasons);
    JsonNode huge =
        SqliteCli.query(
                node.requestDb(),
                "SELECT json_parameters, json_error FROM instance WHERE reference = 'HUGE-0';")
            .get(0);
    assertEquals("{}", huge.get("json_parameters").asText());
    assertTrue(
        huge.get("json_error")
            .asText()
            .contains("json_parameters is 20000011 bytes, more than max-entry-bytes (1048576)"),
        huge.toString());
    assertEquals(
        "{}",
        SqliteCli.query(
                node.requestDb(), "SELECT json_parameters FROM instance WHERE reference = 'NULL';")
            .get(0)
            .get("json_parameters")
            .asText(),
        "NULL is no parameters, as the Python node reads it");
  }

  private static void row(StringBuilder sql, String reference, String parameters) {
    sql.append("INSERT INTO instance (reference, json_parameters, json_error, hash, timestamp,")
        .append(" valid_parameter) VALUES ('")
        .append(reference)
        .append("', ")
        .append(parameters)
        .append(", '{}', 'h-")
        .append(reference)
        .append("', '1', 'valid');\n");
  }
}
