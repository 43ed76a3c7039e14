package org.slapos.instancenode.desired;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.slapos.instancenode.master.SharedInstance;

/**
 * One shared instance as a desired-state source lists it.
 *
 * @param reference the stable key of the entry (the master's {@code instance_guid})
 * @param title the title the user gave the shared instance
 * @param softwareType the shared software type requested
 * @param state {@code started}, {@code stopped} or {@code destroyed}
 * @param parameters the parameters exactly as the source gave them (possibly wrapped in a {@code _}
 *     key); never mutated
 */
public record DesiredEntry(
    String reference, String title, String softwareType, String state, ObjectNode parameters) {

  public static final String STARTED = SharedInstance.STARTED;
  public static final String STOPPED = SharedInstance.STOPPED;
  public static final String DESTROYED = SharedInstance.DESTROYED;

  public DesiredEntry {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(parameters, "parameters");
  }

  /** The entry of a shared instance as the master (or a file in its format) lists it. */
  public static DesiredEntry of(SharedInstance listed) {
    return new DesiredEntry(
        listed.instanceGuid(),
        listed.title(),
        listed.softwareType(),
        listed.state(),
        listed.parameters());
  }
}
