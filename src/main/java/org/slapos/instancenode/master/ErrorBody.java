package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.slapos.instancenode.json.Json;

/**
 * The master's error answer {@code {"status", "type", "title"}}, read leniently: a proxy's HTML
 * page or an empty body gives an empty type and title.
 */
record ErrorBody(String type, String title) {
  // Titles are the master's prose; a bound keeps a misbehaving proxy's page out of our logs.
  private static final int MAX_TITLE = 300;

  static ErrorBody parse(byte[] body) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return new ErrorBody("", "");
    }
    if (root == null || !root.isObject()) {
      return new ErrorBody("", "");
    }
    String title = root.path("title").asText("");
    if (title.length() > MAX_TITLE) {
      title = title.substring(0, MAX_TITLE) + "...";
    }
    return new ErrorBody(root.path("type").asText(""), title);
  }

  /** E.g. {@code 403 HOST-INSTANCE-NOT-FOUND: no such host instance}. */
  String describe(int status) {
    return describe(status, type, title);
  }

  static String describe(int status, String type, String title) {
    if (type.isEmpty() && title.isEmpty()) {
      return status + " (no JSON error body)";
    }
    return status + (type.isEmpty() ? "" : " " + type) + (title.isEmpty() ? "" : ": " + title);
  }
}
