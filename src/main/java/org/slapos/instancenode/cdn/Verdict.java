package org.slapos.instancenode.cdn;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.PythonJson;
import org.slapos.instancenode.store.InstanceRow;

/**
 * What a reconcile decided for a present entry: its state and, when invalid, every failure.
 *
 * @param state {@code valid}, {@code invalid} or {@code stopped}
 * @param failures sorted by {@link Reason#ORDER}; non-empty exactly when invalid
 */
public record Verdict(String state, List<CheckFailure> failures) {

  public Verdict {
    Objects.requireNonNull(state, "state");
    failures = List.copyOf(failures);
    if (InstanceRow.INVALID.equals(state) == failures.isEmpty()) {
      throw new IllegalArgumentException("an invalid verdict, and only it, has failures");
    }
  }

  public static Verdict valid() {
    return new Verdict(InstanceRow.VALID, List.of());
  }

  public static Verdict stopped() {
    return new Verdict(InstanceRow.STOPPED, List.of());
  }

  /** Invalid for {@code failures}, put in {@link Reason#ORDER} (stable within one reason). */
  public static Verdict invalid(List<CheckFailure> failures) {
    return new Verdict(
        InstanceRow.INVALID,
        failures.stream().sorted(Comparator.comparingInt(f -> Reason.rank(f.reason()))).toList());
  }

  /** The reason reported: the first failure's, or null. */
  public String reason() {
    return failures.isEmpty() ? null : failures.get(0).reason();
  }

  /** The message reported: every failure's message, joined. */
  public String message() {
    return failures.stream().map(CheckFailure::message).collect(Collectors.joining("; "));
  }

  /**
   * The {@code json_error} column: {@code {}} unless invalid; else {@code errors} (every message),
   * {@code message}, {@code reason} and the failures' details (the first failure giving a detail
   * wins), serialised as Python's {@code json.dumps(sort_keys=True)} does.
   */
  public String jsonError() {
    if (failures.isEmpty()) {
      return "{}";
    }
    ObjectNode json = Json.MAPPER.createObjectNode();
    for (CheckFailure failure : failures) {
      failure
          .details()
          .forEach(
              (key, value) -> {
                if (!json.has(key)) {
                  json.put(key, value);
                }
              });
    }
    ArrayNode errors = json.putArray("errors");
    failures.forEach(f -> errors.add(f.message()));
    json.put("message", message());
    json.put("reason", reason());
    return PythonJson.dumps(json);
  }
}
