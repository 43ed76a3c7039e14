package org.slapos.instancenode.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code result_list} payload of the master's {@code instance_node_instance_list} method,
 * which is also the format of {@code file:} sources.
 *
 * <p>The whole payload is checked before anything is returned: one malformed item rejects the
 * listing, with a message naming the source, the item and the field.
 */
public final class ResultList {
  private static final Set<String> STATES =
      Set.of(DesiredEntry.STARTED, DesiredEntry.STOPPED, DesiredEntry.DESTROYED);

  private ResultList() {}

  public static List<DesiredEntry> parse(JsonNode root, String source) {
    if (root == null || !root.isObject() || !root.path("result_list").isArray()) {
      throw new DesiredStateException(source + ": expected an object with a \"result_list\" array");
    }
    JsonNode items = root.get("result_list");
    List<DesiredEntry> entries = new ArrayList<>(items.size());
    Set<String> seen = new HashSet<>(items.size() * 2);
    for (int i = 0; i < items.size(); i++) {
      DesiredEntry entry = entry(items.get(i), source + ": result_list[" + i + "]");
      if (!seen.add(entry.reference())) {
        throw new DesiredStateException(
            source
                + ": result_list["
                + i
                + "]: instance_guid "
                + entry.reference()
                + " is listed twice");
      }
      entries.add(entry);
    }
    return entries;
  }

  private static DesiredEntry entry(JsonNode item, String where) {
    if (!item.isObject()) {
      throw new DesiredStateException(where + ": expected an object");
    }
    String reference = text(item, "instance_guid", where);
    if (reference.isBlank()) {
      throw new DesiredStateException(where + ": field \"instance_guid\" is empty");
    }
    where = where + " (" + reference + ")";
    String state = text(item, "state", where);
    if (!STATES.contains(state)) {
      throw new DesiredStateException(
          where + ": field \"state\" is \"" + state + "\", expected one of " + STATES);
    }
    JsonNode parameters = item.get("parameters");
    if (parameters == null || !parameters.isObject()) {
      throw new DesiredStateException(where + ": field \"parameters\" must be an object");
    }
    return new DesiredEntry(
        reference,
        text(item, "title", where),
        text(item, "software_type", where),
        state,
        (ObjectNode) parameters);
  }

  private static String text(JsonNode item, String field, String where) {
    JsonNode value = item.get(field);
    if (value == null || !value.isTextual()) {
      throw new DesiredStateException(where + ": field \"" + field + "\" must be a string");
    }
    return value.asText();
  }
}
