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
    List<CheckFailure> failures = new ArrayList<>();
    for (String error : errors(desired.jsonError())) {
      failures.add(CheckFailure.of(Reason.SCHEMA, error));
    }
    if (failures.isEmpty()) {
      failures.add(CheckFailure.of(Reason.SCHEMA, "the parameters do not match the schema"));
    }
    return failures;
  }

  /** The error texts of an instance DB {@code json_error}: ours, or the Python implementation's. */
  private static List<String> errors(String jsonError) {
    JsonNode error;
    try {
      error = Json.MAPPER.readTree(jsonError == null ? "{}" : jsonError);
    } catch (JsonProcessingException e) {
      return List.of();
    }
    List<String> texts = new ArrayList<>();
    error.path("errors").forEach(e -> texts.add(e.asText()));
    if (texts.isEmpty() && error.path("message").isTextual()) {
      texts.add(error.get("message").asText());
    }
    return texts;
  }
}
