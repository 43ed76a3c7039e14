package org.slapos.instancenode.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.InstanceStore;

/**
 * The outcome of the last {@code run --once} or daemon pass, kept as JSON in the request DB's
 * {@code node_meta} under {@link #META_KEY} so that {@code check}, another process, can judge it: a
 * SlapOS promise.
 *
 * @param at when the run ended
 * @param mode {@code once} or {@code daemon}
 * @param succeeded whether the run completed (invalid entries are a normal outcome)
 * @param error why it did not, empty when it succeeded
 * @param entries the request DB's entries by state and reason after the run
 */
public record LastRun(
    Instant at,
    String mode,
    boolean succeeded,
    String error,
    Map<String, Map<String, Integer>> entries) {
  /** The {@code node_meta} key holding the last outcome. */
  public static final String META_KEY = "last_run";

  private static final TypeReference<Map<String, Map<String, Integer>>> ENTRIES =
      new TypeReference<>() {};

  /**
   * @param entries the request DB's counts by state and reason at the end of the run
   */
  static LastRun succeeded(Instant at, String mode, Map<String, Map<String, Integer>> entries) {
    return new LastRun(at, mode, true, "", entries);
  }

  /**
   * A run whose deadline came before it checked every entry: not a success ({@code check} says so),
   * though the counts are the request DB's after it.
   *
   * @param why what was left and why
   */
  static LastRun incomplete(
      Instant at, String mode, String why, Map<String, Map<String, Integer>> entries) {
    return new LastRun(at, mode, false, why, entries);
  }

  static LastRun failed(Instant at, String mode, RuntimeException cause) {
    return new LastRun(at, mode, false, String.valueOf(cause.getMessage()), Map.of());
  }

  /** Writes this outcome over the previous one. */
  void record(InstanceStore requestDb) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("at", at.toString());
    json.put("mode", mode);
    json.put("succeeded", succeeded);
    json.put("error", error);
    json.set("entries", Json.MAPPER.valueToTree(entries));
    requestDb.batch().meta(META_KEY, json.toString()).commit();
  }

  /**
   * Records this failure when the request DB still can: a failure to record it is attached to
   * {@code cause}, which the caller reports, rather than hiding it.
   */
  void recordAfterFailure(InstanceStore requestDb, RuntimeException cause) {
    try {
      record(requestDb);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * The outcome recorded in {@code requestDb}, empty when no run has recorded one.
   *
   * @throws IllegalArgumentException when the recorded value is not a run outcome
   */
  public static Optional<LastRun> read(InstanceStore requestDb) {
    return requestDb.meta(META_KEY).map(LastRun::parse);
  }

  private static LastRun parse(String text) {
    try {
      JsonNode json = Json.MAPPER.readTree(text);
      return new LastRun(
          Instant.parse(json.required("at").asText()),
          json.required("mode").asText(),
          json.required("succeeded").asBoolean(),
          json.path("error").asText(""),
          Json.MAPPER.convertValue(json.path("entries"), ENTRIES));
    } catch (JsonProcessingException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "node_meta " + META_KEY + " is not a run outcome: " + e.getMessage(), e);
    }
  }

  /** How long ago the run ended. */
  public Duration age(Instant now) {
    return Duration.between(at, now);
  }
}
