package org.slapos.instancenode.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.schema.SchemaPass;
import org.slapos.instancenode.store.InstanceRow;

/**
 * The human summary printed after {@code run --once}: counts, then what the first invalid entries
 * must fix (a summary, not a listing: the instance DB has them all).
 */
record PassSummary(
    String source, SchemaPass.Outcome outcome, List<InstanceRow> invalid, Path instanceDb) {
  static final int INVALID_SHOWN = 50;

  void print(PrintWriter out) {
    if (outcome.listingUnchanged()) {
      out.printf("desired state: %s: unchanged since the last pass%n", source);
    } else {
      out.printf("desired state: %s%n", source);
    }
    out.printf(
        "instance DB: %d validated, %d rows written, %d rows deleted%n",
        outcome.validated(), outcome.written(), outcome.deleted());
    out.printf(
        "entries: %d valid, %d invalid, %d stopped%n",
        outcome.valid(), outcome.invalid(), outcome.stopped());
    if (!invalid.isEmpty()) {
      out.println("invalid entries:");
    }
    for (InstanceRow row : invalid.subList(0, Math.min(INVALID_SHOWN, invalid.size()))) {
      out.printf("  %s%n", row.reference());
      for (JsonNode error : errors(row)) {
        out.printf("    - %s%n", error.asText());
      }
    }
    if (invalid.size() > INVALID_SHOWN) {
      out.printf(
          "  ... and %d more: sqlite3 %s \"SELECT reference, json_error FROM instance"
              + " WHERE valid_parameter = 'invalid'\"%n",
          invalid.size() - INVALID_SHOWN, instanceDb);
    }
  }

  private static JsonNode errors(InstanceRow row) {
    try {
      return Json.MAPPER.readTree(row.jsonError()).path("errors");
    } catch (JsonProcessingException e) {
      return Json.MAPPER.createArrayNode().add("unreadable json_error: " + e.getOriginalMessage());
    }
  }
}
