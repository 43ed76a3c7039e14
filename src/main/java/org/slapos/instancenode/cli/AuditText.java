package org.slapos.instancenode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import org.slapos.instancenode.text.Printable;

/** {@code audit}'s text output: values users wrote always escaped (see {@link Printable}). */
final class AuditText {
  private final PrintWriter out;

  AuditText(PrintWriter out) {
    this.out = out;
  }

  void print(JsonNode entries, boolean whole) {
    for (JsonNode entry : entries) {
      out.println(
          String.join(
              "  ",
              text(entry, "reference"),
              text(entry, "state"),
              entry.path("reason").asText().isEmpty() ? "-" : text(entry, "reason"),
              "since " + text(entry, "since"),
              text(entry, "message"),
              "do: " + text(entry, "todo")));
      if (whole) {
        printWhole(entry);
      }
    }
  }

  private void printWhole(JsonNode entry) {
    out.println("  parameters: " + Printable.escape(entry.path("parameters").toString()));
    list("errors", entry.path("errors"));
    list("warnings", entry.path("warnings"));
    JsonNode challenge = entry.path("challenge");
    if (challenge.isObject()) {
      out.println(
          "  DNS challenge: TXT "
              + text(challenge, "record")
              + " = "
              + text(challenge, "value")
              + (challenge.path("validated").asBoolean() ? " (validated)" : " (not validated)"));
    } else {
      out.println("  DNS challenge: none");
    }
    out.println("  hosts: " + Printable.escape(String.join(" ", strings(entry.path("hosts")))));
    out.println("  events:");
    for (JsonNode event : entry.path("events")) {
      out.println(
          "    "
              + text(event, "at")
              + " "
              + text(event, "from")
              + " -> "
              + text(event, "to")
              + (event.path("reason").isNull() ? "" : " (" + text(event, "reason") + ")")
              + (event.path("message").isNull() ? "" : ": " + text(event, "message")));
    }
  }

  private void list(String title, JsonNode values) {
    out.println("  " + title + ":" + (values.isEmpty() ? " none" : ""));
    for (JsonNode value : values) {
      out.println("    - " + Printable.escape(value.asText()));
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNull() || value.isMissingNode() ? "-" : Printable.escape(value.asText());
  }

  private static Iterable<String> strings(JsonNode values) {
    java.util.List<String> out = new java.util.ArrayList<>();
    values.forEach(value -> out.add(value.asText()));
    return out;
  }
}
