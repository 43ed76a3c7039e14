package org.slapos.instancenode.desired;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.master.SharedInstance;
import org.slapos.instancenode.master.SharedInstanceList;

/**
 * One shared instance as a desired-state source lists it.
 *
 * @param reference the stable key of the entry (the master's {@code instance_guid})
 * @param title the title the user gave the shared instance
 * @param softwareType the shared software type requested
 * @param state {@code started}, {@code stopped} or {@code destroyed}
 * @param parameters the parameters exactly as the source gave them (possibly wrapped in a {@code _}
 *     key); never mutated; empty when refused
 * @param refusal why the source's item was refused before validation (too large, malformed), or
 *     null
 */
public record DesiredEntry(
    String reference,
    String title,
    String softwareType,
    String state,
    ObjectNode parameters,
    Refusal refusal) {

  /**
   * Why an item was refused alone, before validation.
   *
   * @param reason a reason code ({@code entry-too-large}, {@code schema})
   * @param message names the source, the item and the field
   */
  public record Refusal(String reason, String message) {}

  public static final String STARTED = SharedInstance.STARTED;
  public static final String STOPPED = SharedInstance.STOPPED;
  public static final String DESTROYED = SharedInstance.DESTROYED;

  public DesiredEntry {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(parameters, "parameters");
  }

  /** An entry as listed, not refused. */
  public DesiredEntry(
      String reference, String title, String softwareType, String state, ObjectNode parameters) {
    this(reference, title, softwareType, state, parameters, null);
  }

  /** The entry of an item the source refused alone, whose reference could be read. */
  public static DesiredEntry refused(SharedInstanceList.Refused item) {
    return new DesiredEntry(
        item.reference().orElseThrow(),
        null,
        null,
        item.state().orElse(STARTED),
        Json.MAPPER.createObjectNode(),
        new Refusal(item.reason(), item.message()));
  }

  /** The entry of a shared instance as the master (or a file in its format) lists it. */
  public static DesiredEntry of(SharedInstance listed) {
    // Every item read has its own copy of the type and state most items share: kept once.
    return new DesiredEntry(
        listed.instanceGuid(),
        listed.title(),
        SharedStrings.text(listed.softwareType()),
        SharedStrings.state(listed.state()),
        listed.parameters());
  }
}
