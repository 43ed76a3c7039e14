package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the fields of one 200 answer, failing with a {@link MasterProtocolException} that names the
 * method, the instance and the field when the answer breaks the contract.
 */
final class Answer {
  private final JsonNode root;
  private final String method;
  private final String instance;

  Answer(JsonNode root, String method, String instance) throws MasterProtocolException {
    this.root = root;
    this.method = method;
    this.instance = instance;
    if (root == null || !root.isObject()) {
      throw violation("the answer is not a JSON object");
    }
  }

  JsonNode root() {
    return root;
  }

  boolean has(String field) {
    return root.has(field);
  }

  String text(String field) throws MasterProtocolException {
    JsonNode value = root.get(field);
    if (value == null || !value.isTextual()) {
      throw violation("field \"" + field + "\" must be a string");
    }
    return value.asText();
  }

  boolean bool(String field) throws MasterProtocolException {
    JsonNode value = root.get(field);
    if (value == null || !value.isBoolean()) {
      throw violation("field \"" + field + "\" must be a boolean");
    }
    return value.asBoolean();
  }

  int integer(String field) throws MasterProtocolException {
    JsonNode value = root.get(field);
    if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
      throw violation("field \"" + field + "\" must be an integer");
    }
    return value.asInt();
  }

  ObjectNode object(String field) throws MasterProtocolException {
    JsonNode value = root.get(field);
    if (value == null || !value.isObject()) {
      throw violation("field \"" + field + "\" must be an object");
    }
    return (ObjectNode) value;
  }

  /** Checks the {@code {"type": "success", "title": ...}} answer of the put methods. */
  void requireSuccess() throws MasterProtocolException {
    if (!"success".equals(text("type"))) {
      throw violation("field \"type\" is \"" + text("type") + "\", expected \"success\"");
    }
  }

  /** One item of a list in this answer, read with the same rules and named the same way. */
  Answer item(JsonNode item) throws MasterProtocolException {
    return new Answer(item, method, instance);
  }

  MasterProtocolException violation(String what) {
    return new MasterProtocolException(
        method, instance, "answer outside the contract: " + what, null);
  }
}
