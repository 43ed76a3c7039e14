package org.slapos.instancenode.cdn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.InstanceRow;

/** Snapshots of one entry with given string parameters, for the checks' unit tests. */
final class Snapshots {
  private Snapshots() {}

  /** An entry valid by the schema with {@code fieldsAndValues} (field, value, field, value...). */
  static EntrySnapshot entry(Instant now, String... fieldsAndValues) {
    ObjectNode parameters = Json.MAPPER.createObjectNode();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      parameters.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    String json = parameters.toString();
    InstanceRow row =
        new InstanceRow("ref", json, "{}", Integer.toHexString(json.hashCode()), "1", "valid");
    return new EntrySnapshot(row, parameters, List.of(), Map.of(), now);
  }

  static EntrySnapshot entry(String... fieldsAndValues) {
    return entry(Instant.EPOCH, fieldsAndValues);
  }
}
