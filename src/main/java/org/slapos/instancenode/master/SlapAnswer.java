package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.slapos.instancenode.json.Json;

/**
 * The marshalled {@code SoftwareInstance} that {@code requestComputerPartition} answers: an object
 * whose state is a dict, of which the fields the node needs are read and every other key ignored.
 *
 * @param instanceGuid {@code _instance_guid}; empty when the master gives none
 * @param requestedState {@code _requested_state}, when given
 * @param connectionParameters {@code _connection_dict}: empty while the instance published none;
 *     values that are not strings are given as Python's {@code str} would show them
 */
record SlapAnswer(
    String instanceGuid, Optional<String> requestedState, ObjectNode connectionParameters) {

  static SlapAnswer read(String body, String method, String instance)
      throws MasterProtocolException {
    Object value;
    try {
      value = SlapXml.loads(body);
    } catch (SlapXmlException e) {
      throw violation(method, instance, e.getMessage());
    }
    if (!(value instanceof SlapObject object && object.state() instanceof Map<?, ?> state)) {
      throw violation(
          method, instance, "expected a marshalled instance, found " + SlapXml.describe(value));
    }
    ObjectNode connection = Json.MAPPER.createObjectNode();
    Object dict = state.get("_connection_dict");
    if (dict instanceof Map<?, ?> parameters) {
      parameters.forEach((k, v) -> connection.put(String.valueOf(k), text(v)));
    } else if (dict != null) {
      throw violation(
          method, instance, "_connection_dict is " + SlapXml.describe(dict) + ", not a dictionary");
    }
    return new SlapAnswer(
        state.get("_instance_guid") instanceof String guid ? guid : "",
        Optional.ofNullable(state.get("_requested_state"))
            .filter(String.class::isInstance)
            .map(String.class::cast),
        connection);
  }

  private static String text(Object value) {
    return switch (value) {
      case null -> "None";
      case String s -> s;
      case Boolean b -> b ? "True" : "False";
      default -> String.valueOf(value);
    };
  }

  private static MasterProtocolException violation(String method, String instance, String what) {
    return new MasterProtocolException(
        method, instance, "answer outside the protocol: " + what, null);
  }
}
