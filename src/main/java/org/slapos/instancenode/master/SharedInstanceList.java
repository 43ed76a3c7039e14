package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code result_list} payload of the master's {@code instance_node_instance_list} method,
 * which is also the format of {@code file:} desired-state sources.
 *
 * <p>The whole payload is checked before anything is returned: one malformed item rejects the
 * listing, with a message naming the source, the item and the field.
 */
public final class SharedInstanceList {
  // A list, so that messages name the states in a stable order.
  private static final List<String> STATES =
      List.of(SharedInstance.STARTED, SharedInstance.STOPPED, SharedInstance.DESTROYED);

  private SharedInstanceList() {}

  /**
   * @param source names where the payload came from, as the first word of error messages
   * @throws MalformedListingException when the payload or one of its items is malformed, or when an
   *     {@code instance_guid} is listed twice
   */
  public static List<SharedInstance> parse(JsonNode root, String source) {
    if (root == null || !root.isObject() || !root.path("result_list").isArray()) {
      throw new MalformedListingException(
          source + ": expected an object with a \"result_list\" array");
    }
    JsonNode items = root.get("result_list");
    List<SharedInstance> entries = new ArrayList<>(items.size());
    Set<String> seen = new HashSet<>(items.size() * 2);
    for (int i = 0; i < items.size(); i++) {
      SharedInstance entry = entry(items.get(i), source + ": result_list[" + i + "]");
      if (!seen.add(entry.instanceGuid())) {
        throw new MalformedListingException(
            source
                + ": result_list["
                + i
                + "]: instance_guid "
                + entry.instanceGuid()
                + " is listed twice");
      }
      entries.add(entry);
    }
    return entries;
  }

  private static SharedInstance entry(JsonNode item, String where) {
    if (!item.isObject()) {
      throw new MalformedListingException(where + ": expected an object");
    }
    String reference = text(item, "instance_guid", where);
    if (reference.isBlank()) {
      throw new MalformedListingException(where + ": field \"instance_guid\" is empty");
    }
    where = where + " (" + reference + ")";
    String state = text(item, "state", where);
    if (!STATES.contains(state)) {
      throw new MalformedListingException(
          where + ": field \"state\" is \"" + state + "\", expected one of " + STATES);
    }
    JsonNode parameters = item.get("parameters");
    if (parameters == null || !parameters.isObject()) {
      throw new MalformedListingException(where + ": field \"parameters\" must be an object");
    }
    return new SharedInstance(
        reference,
        text(item, "title", where),
        text(item, "software_type", where),
        state,
        (ObjectNode) parameters,
        optionalText(item, "software_release_uri", where),
        optionalText(item, "compute_partition_id", where));
  }

  private static String text(JsonNode item, String field, String where) {
    JsonNode value = item.get(field);
    if (value == null || !value.isTextual()) {
      throw new MalformedListingException(where + ": field \"" + field + "\" must be a string");
    }
    return value.asText();
  }

  private static Optional<String> optionalText(JsonNode item, String field, String where) {
    return item.has(field) ? Optional.of(text(item, field, where)) : Optional.empty();
  }
}
