package org.slapos.instancenode.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slapos.instancenode.desired.DesiredEntry;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.schema.SchemaPass;
import org.slapos.instancenode.store.InstanceRow;

/**
 * The human summary printed after {@code run --once}: counts, then what each invalid entry must
 * fix.
 */
record PassSummary(
    List<DesiredEntry> desired, SchemaPass.Outcome outcome, List<InstanceRow> invalid) {

  void print(PrintWriter out, String source) {
    long destroyed = desired.stream().filter(e -> DesiredEntry.DESTROYED.equals(e.state())).count();
    out.printf("desired state: %s: %d entries (%d destroyed)%n", source, desired.size(), destroyed);
    out.printf(
        "instance DB: %d validated, %d rows written, %d rows deleted%n",
        outcome.validated(), outcome.written(), outcome.deleted());
    out.printf(
        "entries: %d valid, %d invalid, %d stopped%n",
        outcome.valid(), outcome.invalid(), outcome.stopped());
    Map<String, DesiredEntry> byReference =
        desired.stream().collect(Collectors.toMap(DesiredEntry::reference, Function.identity()));
    if (!invalid.isEmpty()) {
      out.println("invalid entries:");
    }
    for (InstanceRow row : invalid) {
      DesiredEntry entry = byReference.get(row.reference());
      out.printf("  %s (%s)%n", row.reference(), entry == null ? "?" : entry.title());
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
