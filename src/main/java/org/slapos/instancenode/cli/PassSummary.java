package org.slapos.instancenode.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slapos.instancenode.engine.Incomplete;
import org.slapos.instancenode.engine.RunOnce;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.FirstRows;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.text.Printable;

/**
 * The human summary printed after {@code run --once}: what the pass read, the entries by state and
 * reason, then what the first invalid entries must fix (a summary, not a listing: the request DB
 * has them all).
 */
record PassSummary(RunOnce.Summary summary) {
  void print(PrintWriter out) {
    summary
        .schema()
        .ifPresentOrElse(
            schema -> {
              out.printf(
                  "desired state: %s%s%n",
                  summary.source(),
                  schema.listingUnchanged() ? ": unchanged since the last pass" : "");
              out.printf(
                  "instance DB: %d validated, %d rows written, %d rows deleted%n",
                  schema.validated(), schema.written(), schema.deleted());
              if (!schema.refused().isEmpty()) {
                out.printf("refused listed items (no row): %d%n", schema.refused().size());
                schema
                    .refused()
                    .forEach(message -> out.printf("  - %s%n", Printable.escape(message)));
              }
            },
            () -> out.printf("desired state: %s%n", summary.source()));
    out.printf(
        Locale.ROOT,
        "work: pass %.3f s, %d reconciles in %.3f s%n",
        summary.passTook().toMillis() / 1000.0,
        summary.reconciled(),
        summary.reconcileTook().toMillis() / 1000.0);
    out.printf(
        "dns: %d lookups, %d challenges waiting for their next check%n",
        summary.dnsLookups(), summary.challengesWaiting());
    Map<String, Map<String, Integer>> counts = summary.byStateAndReason();
    out.printf(
        "entries: %d valid, %d invalid, %d stopped%n",
        InstanceStore.total(counts, InstanceRow.VALID),
        InstanceStore.total(counts, InstanceRow.INVALID),
        InstanceStore.total(counts, InstanceRow.STOPPED));
    Map<String, Integer> reasons =
        new TreeMap<>(counts.getOrDefault(InstanceRow.INVALID, Map.of()));
    if (!reasons.isEmpty()) {
      StringBuilder line = new StringBuilder("invalid by reason:");
      reasons.forEach((reason, count) -> line.append(' ').append(reason).append('=').append(count));
      out.println(line);
      out.println("invalid entries:");
    }
    FirstRows invalid = summary.invalid();
    for (InstanceRow row : invalid.rows()) {
      out.printf("  %s%n", Printable.escape(row.reference()));
      JsonNode error = jsonError(row);
      for (JsonNode message : error.path("errors")) {
        out.printf("    - %s%n", Printable.escape(message.asText()));
      }
      printWarnings(out, error);
    }
    if (invalid.more() > 0) {
      out.printf(
          "  ... and %d more: sqlite3 %s \"SELECT reference, json_error FROM instance"
              + " WHERE valid_parameter = 'invalid'\"%n",
          invalid.more(), summary.requestDb());
    }
    printWarned(out);
    printIncomplete(out);
  }

  /** Last, so that a cron mail's tail says why the run stopped short. */
  private void printIncomplete(PrintWriter out) {
    summary
        .incomplete()
        .ifPresent(
            left -> {
              out.printf(
                  "incomplete: run-once-deadline (%s) reached; the entries not checked are left as"
                      + " they were, for the next run:%n",
                  Incomplete.seconds(left.deadline()));
              left.lines().forEach(line -> out.printf("  %s%n", Printable.escape(line)));
            });
  }

  private void printWarned(PrintWriter out) {
    FirstRows warned = summary.warned();
    if (warned.total() == 0) {
      return;
    }
    out.println("valid entries with warnings:");
    for (InstanceRow row : warned.rows()) {
      out.printf("  %s%n", Printable.escape(row.reference()));
      printWarnings(out, jsonError(row));
    }
    if (warned.more() > 0) {
      out.printf("  ... and %d more%n", warned.more());
    }
  }

  private static void printWarnings(PrintWriter out, JsonNode error) {
    for (JsonNode warning : error.path("warnings")) {
      out.printf("    warning: %s%n", Printable.escape(warning.asText()));
    }
  }

  private static JsonNode jsonError(InstanceRow row) {
    try {
      return Json.MAPPER.readTree(row.jsonError());
    } catch (JsonProcessingException e) {
      return Json.MAPPER
          .createObjectNode()
          .set(
              "errors",
              Json.MAPPER
                  .createArrayNode()
                  .add("unreadable json_error: " + e.getOriginalMessage()));
    }
  }
}
