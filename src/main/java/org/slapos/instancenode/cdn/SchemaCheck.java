package org.slapos.instancenode.cdn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.InstanceRow;

/** The schema outcome recorded in the instance DB, as a check: one failure per schema error. */
public final class SchemaCheck implements Check {

  @Override
  public List<CheckFailure> check(EntrySnapshot entry) {
    InstanceRow desired = entry.desired();
    if (!InstanceRow.INVALID.equals(desired.state())) {
      return List.of();
    }
    JsonNode error = parsed(desired.jsonError());
    // An entry refused before validation keeps its reason; the rest is the schema's verdict.
    String reason =
        Reason.ENTRY_TOO_LARGE.equals(error.path("reason").asText())
            ? Reason.ENTRY_TOO_LARGE
            : Reason.SCHEMA;
    List<CheckFailure> failures = new ArrayList<>();
    for (String text : errors(error)) {
      failures.add(CheckFailure.of(reason, text));
    }
    if (failures.isEmpty()) {
      failures.add(CheckFailure.of(reason, "the parameters do not match the schema"));
    }
    return failures;
  }

  private static JsonNode parsed(String jsonError) {
    try {
      JsonNode error = Json.MAPPER.readTree(jsonError == null ? "{}" : jsonError);
      return error == null ? Json.MAPPER.createObjectNode() : error;
    } catch (JsonProcessingException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  /** The error texts of an instance DB {@code json_error}: ours, or the Python implementation's. */
  private static List<String> errors(JsonNode error) {
    List<String> texts = new ArrayList<>();
    error.path("errors").forEach(e -> texts.add(e.asText()));
    if (texts.isEmpty() && error.path("message").isTextual()) {
      texts.add(error.get("message").asText());
    }
    return texts;
  }
}
