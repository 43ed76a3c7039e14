package org.slapos.instancenode.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.schema.SchemaPass;
import org.slapos.instancenode.store.InstanceRow;

/**
 * The human summary printed after {@code run --once}: counts, then what each invalid entry must
 * fix.
 */
record PassSummary(String source, SchemaPass.Outcome outcome, List<InstanceRow> invalid) {

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
    for (InstanceRow row : invalid) {
      out.printf("  %s%n", row.reference());
      for (JsonNode error : errors(row)) {
        out.printf("    - %s%n", error.asText());
      }
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
