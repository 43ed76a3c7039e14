package org.slapos.instancenode.testing.slap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slapos.instancenode.master.SlapXml;
import org.slapos.instancenode.master.SlapXmlException;

/**
 * The calls of ../shared/slapos-slap-protocol/README.md the instance node makes, with their form
 * fields, and what the fake checks of each request. Stateless.
 */
final class SlapProtocol {
  static final String BANG = "softwareInstanceBang";
  static final String ERROR = "softwareInstanceError";
  static final String CONNECTION = "setComputerPartitionConnectionXml";
  static final String REQUEST = "requestComputerPartition";
  static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

  private static final List<String> HOST = List.of("computer_id", "computer_partition_id");
  private static final Map<String, List<String>> FIELDS =
      Map.of(
          BANG, List.of("message"),
          ERROR, List.of("error_log", "slave_reference"),
          CONNECTION, List.of("connection_xml", "slave_reference"),
          REQUEST,
              List.of(
                  "software_release",
                  "software_type",
                  "partition_reference",
                  "shared_xml",
                  "partition_parameter_xml",
                  "filter_xml",
                  "state"));
  private static final Set<String> STATES = Set.of("started", "stopped", "destroyed");

  private SlapProtocol() {}

  static boolean knows(String call) {
    return FIELDS.containsKey(call);
  }

  /** What is wrong with the fields of a {@code call}; empty when they follow the protocol. */
  static List<String> check(String call, Map<String, String> form, String computer, String part) {
    List<String> errors = new ArrayList<>();
    List<String> expected = new ArrayList<>(HOST);
    expected.addAll(FIELDS.get(call));
    expected.stream()
        .filter(f -> !form.containsKey(f))
        .forEach(f -> errors.add("missing field " + f));
    form.keySet().stream()
        .filter(f -> !expected.contains(f))
        .forEach(f -> errors.add("unexpected field " + f));
    if (form.containsKey("computer_id") && !computer.equals(form.get("computer_id"))) {
      errors.add("computer_id is " + form.get("computer_id") + ", the host's is " + computer);
    }
    if (form.containsKey("computer_partition_id")
        && !part.equals(form.get("computer_partition_id"))) {
      errors.add(
          "computer_partition_id is "
              + form.get("computer_partition_id")
              + ", the host's is "
              + part);
    }
    switch (call) {
      case CONNECTION -> marshalled(form, "connection_xml", Map.class, errors);
      case REQUEST -> {
        marshalled(form, "shared_xml", Boolean.class, errors);
        marshalled(form, "partition_parameter_xml", Map.class, errors);
        marshalled(form, "filter_xml", Map.class, errors);
        Object state = marshalled(form, "state", String.class, errors);
        if (state != null && !STATES.contains(state)) {
          errors.add("state is " + state + ", not one of " + STATES);
        }
        for (String field : List.of("software_release", "software_type", "partition_reference")) {
          if (form.getOrDefault(field, "").isEmpty()) {
            errors.add(field + " is empty");
          }
        }
      }
      default -> {}
    }
    return errors;
  }

  /**
   * The marshalled value of {@code field}, or null after reporting why it is not a {@code type}.
   */
  static Object marshalled(
      Map<String, String> form, String field, Class<?> type, List<String> errors) {
    String text = form.get(field);
    if (text == null) {
      return null;
    }
    if (!text.startsWith("<marshal>")) {
      errors.add(field + " does not start with <marshal> (no XML declaration is written)");
      return null;
    }
    try {
      Object value = SlapXml.loads(text);
      if (!type.isInstance(value)) {
        errors.add(field + " holds " + value + ", not a " + type.getSimpleName());
        return null;
      }
      return value;
    } catch (SlapXmlException e) {
      errors.add(field + " is not marshalled: " + e.getMessage());
      return null;
    }
  }
}
