package org.slapos.instancenode.cdn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.tls.BackendProbe;

/**
 * What the last probes of one entry's backends saw, by URL field, as {@code backend_probe.outcome}
 * holds it (JSON): for each field its URL, its last conclusive result ({@code result}, {@code
 * problems}, {@code subject}, {@code not_after}), and {@code note}, what the last attempt saw when
 * it could not probe ("not probed: ..."). A backend that cannot be probed keeps its last conclusive
 * result, so a transient failure never changes the entry's validity. Immutable.
 */
final class BackendProbeOutcome {
  private final ObjectNode json;

  private BackendProbeOutcome(ObjectNode json) {
    this.json = json;
  }

  static BackendProbeOutcome empty() {
    return new BackendProbeOutcome(Json.MAPPER.createObjectNode());
  }

  /** The stored text; an unreadable one reads as no outcome (the next probe rewrites it). */
  static BackendProbeOutcome parse(String text) {
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      return new BackendProbeOutcome(
          node instanceof ObjectNode object ? object : Json.MAPPER.createObjectNode());
    } catch (JsonProcessingException e) {
      return empty();
    }
  }

  /**
   * This outcome with {@code probe} of {@code target}: a conclusive result replaces the field's,
   * any other keeps the field's last conclusive result (for the same URL) and records the note.
   */
  BackendProbeOutcome with(BackendTargets.Target target, BackendProbe probe) {
    ObjectNode next = json.deepCopy();
    ObjectNode field = Json.MAPPER.createObjectNode().put("url", target.url());
    JsonNode previous = json.path(target.field());
    if (probe.result().conclusive()) {
      field.put("result", probe.result().label());
      probe.problems().forEach(field.withArray("problems")::add);
      probe.subject().ifPresent(subject -> field.put("subject", subject));
      probe.notAfter().ifPresent(at -> field.put("not_after", at.toString()));
    } else {
      if (target.url().equals(previous.path("url").asText(null))) {
        for (String kept : new String[] {"result", "problems", "subject", "not_after"}) {
          if (previous.has(kept)) {
            field.set(kept, previous.get(kept).deepCopy());
          }
        }
      }
      field.put("note", probe.describe());
    }
    next.set(target.field(), field);
    return new BackendProbeOutcome(next);
  }

  /**
   * What the CDN would refuse in {@code field}'s backend certificate, with the certificate's
   * subject and expiry, when its last conclusive result is untrusted.
   */
  Optional<String> untrusted(String field) {
    JsonNode seen = json.path(field);
    if (!BackendProbe.Result.UNTRUSTED.label().equals(seen.path("result").asText())) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode problem : seen.path("problems")) {
      text.append(text.isEmpty() ? "" : "; ").append(problem.asText());
    }
    text.append(" (certificate ")
        .append(seen.path("subject").asText("unknown"))
        .append(", expires ")
        .append(seen.path("not_after").asText("unknown"))
        .append(')');
    return Optional.of(text.toString());
  }

  /** Whether the conclusive results differ from {@code other}'s: only they change a verdict. */
  boolean conclusivelyDiffers(BackendProbeOutcome other) {
    return !conclusive(json).equals(conclusive(other.json));
  }

  private static ObjectNode conclusive(ObjectNode outcome) {
    ObjectNode kept = outcome.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> fields = kept.fields(); fields.hasNext(); ) {
      JsonNode field = fields.next().getValue();
      if (field instanceof ObjectNode object) {
        object.remove("note");
      }
    }
    return kept;
  }

  String text() {
    return json.toString();
  }
}
