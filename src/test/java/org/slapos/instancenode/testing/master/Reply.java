package org.slapos.instancenode.testing.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slapos.instancenode.json.Json;

/** An answer of the fake master: an HTTP status and its JSON body. */
record Reply(int status, JsonNode body) {

  static Reply ok(JsonNode body) {
    return new Reply(200, body);
  }

  /** The {@code {"type": "success", "title": ...}} answer of the put methods. */
  static Reply success(String title) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("title", title);
    body.put("type", "success");
    return ok(body);
  }

  /** The master's error shape, {@code {"status", "type", "title"}}, with the same status. */
  static Reply error(int status, String type, String title) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("status", status);
    body.put("type", type);
    body.put("title", title);
    return new Reply(status, body);
  }
}
