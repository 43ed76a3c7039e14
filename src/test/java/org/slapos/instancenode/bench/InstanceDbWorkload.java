package org.slapos.instancenode.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.ParameterHash;
import org.slapos.instancenode.json.PythonJson;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

/**
 * Writes an instance DB as SlapOS's slapconfiguration would, for the drop-in benchmark of {@code
 * hack/bench.sh}: usage {@code InstanceDbWorkload N FILE [CHANGED_PERCENT]}. The entries are those
 * of {@link Workload} without custom domains (their DNS challenges are another benchmark's
 * subject), about one in twenty recorded invalid by the schema.
 */
public final class InstanceDbWorkload {

  public static void main(String[] args) throws IOException {
    int count = Integer.parseInt(args[0]);
    Path file = Path.of(args[1]);
    double changed = args.length > 2 ? Double.parseDouble(args[2]) / 100 : 0;
    Random random = new Random(42);
    Random change = new Random(7);
    List<InstanceRow> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean edited = change.nextDouble() < changed;
      var parameters = Json.MAPPER.readTree(Workload.parameters(i, random, edited));
      ((com.fasterxml.jackson.databind.node.ObjectNode) parameters).remove("custom_domain");
      ((com.fasterxml.jackson.databind.node.ObjectNode) parameters).remove("server-alias");
      String dumped = PythonJson.dumps(parameters);
      boolean invalid = i % 20 == 7;
      rows.add(
          new InstanceRow(
              String.format("SHARED-%07d", i),
              dumped,
              invalid
                  ? "{\"errors\": [\"'sometimes' does not match '^(y|n)$'\"],"
                      + " \"message\": \"'sometimes' does not match '^(y|n)$'\"}"
                  : "{}",
              ParameterHash.ofDumped(dumped),
              "1764000000",
              invalid ? InstanceRow.INVALID : InstanceRow.VALID));
    }
    try (InstanceStore store = InstanceStore.open(file)) {
      store.write(rows, List.of());
    }
  }

  private InstanceDbWorkload() {}
}
