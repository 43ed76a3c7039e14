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
 * What a reconcile decided for a present entry: its state, when invalid every failure, and the
 * warnings that do not change validity.
 *
 * @param state {@code valid}, {@code invalid} or {@code stopped}
 * @param failures sorted by {@link Reason#ORDER}; non-empty exactly when invalid
 * @param warnings the messages of the warnings found, in the order found
 */
public record Verdict(String state, List<CheckFailure> failures, List<String> warnings) {

  public Verdict {
    Objects.requireNonNull(state, "state");
    failures = List.copyOf(failures);
    warnings = List.copyOf(warnings);
    if (InstanceRow.INVALID.equals(state) == failures.isEmpty()) {
      throw new IllegalArgumentException("an invalid verdict, and only it, has failures");
    }
  }

  public Verdict(String state, List<CheckFailure> failures) {
    this(state, failures, List.of());
  }

  /**
   * The verdict of {@code findings}: invalid when any is not a {@link CheckFailure#warning}, else
   * valid; warnings kept either way.
   */
  public static Verdict of(List<CheckFailure> findings) {
    List<CheckFailure> failures = findings.stream().filter(f -> !f.warning()).toList();
    List<String> warnings =
        findings.stream().filter(CheckFailure::warning).map(CheckFailure::message).toList();
    Verdict verdict = failures.isEmpty() ? valid() : invalid(failures);
    return new Verdict(verdict.state(), verdict.failures(), warnings);
  }

  /**
   * This verdict less the failures of {@code reason} (found by someone else): invalid while any
   * other failure remains, else valid.
   */
  public Verdict without(String reason) {
    if (!InstanceRow.INVALID.equals(state)) {
      return this;
    }
    List<CheckFailure> own = failures.stream().filter(f -> !f.reason().equals(reason)).toList();
    return new Verdict(own.isEmpty() ? InstanceRow.VALID : state, own, warnings);
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
   * The {@code json_error} column: {@code {}} for a valid entry without warnings (as the Python
   * implementation writes it, so adopted rows do not churn); {@code warnings} when there are some;
   * when invalid also {@code errors} (every message), {@code message}, {@code reason} and the
   * failures' details (the first failure giving a detail wins); serialised as Python's {@code
   * json.dumps(sort_keys=True)} does.
   */
  public String jsonError() {
    if (failures.isEmpty() && warnings.isEmpty()) {
      return "{}";
    }
    ObjectNode json = Json.MAPPER.createObjectNode();
    if (!warnings.isEmpty()) {
      ArrayNode shown = json.putArray("warnings");
      warnings.forEach(shown::add);
    }
    if (failures.isEmpty()) {
      return PythonJson.dumps(json);
    }
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
