package org.slapos.instancenode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Entry parameters made fit to show an operator: the value of every key or password-like field
 * ({@code ssl_key}, {@code *password*}, {@code *secret*}, {@code *private*}, {@code *key} ...) and
 * any text holding a PEM private key, at any depth, is replaced by {@value #REDACTED}.
 */
final class Redaction {
  static final String REDACTED = "[redacted]";

  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(^|[-_])(key|ssl_key|passw(or)?d|pass|secret|private|token|credential)s?($|[-_])|.*(key|password|secret)$");

  private Redaction() {}

  /** A redacted deep copy of {@code parameters}. */
  static JsonNode of(JsonNode parameters) {
    JsonNode copy = parameters.deepCopy();
    redact(copy);
    return copy;
  }

  private static void redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (var field : object.properties()) {
        if (secretName(field.getKey()) || holdsPrivateKey(field.getValue())) {
          field.setValue(TextNode.valueOf(REDACTED));
        } else {
          redact(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (holdsPrivateKey(array.get(i))) {
          array.set(i, TextNode.valueOf(REDACTED));
        } else {
          redact(array.get(i));
        }
      }
    }
  }

  static boolean secretName(String name) {
    return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
  }

  private static boolean holdsPrivateKey(JsonNode value) {
    return value.isTextual() && value.asText().contains("PRIVATE KEY");
  }
}
