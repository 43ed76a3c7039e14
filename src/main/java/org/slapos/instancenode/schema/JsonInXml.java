package org.slapos.instancenode.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slapos.instancenode.json.Json;

/**
 * SlapOS's "json-in-xml" serialisation: the master may hand over parameters as one key {@code _}
 * whose string value is the JSON text of the real parameters.
 */
public final class JsonInXml {
  private static final String KEY = "_";
  private static final String PATH = "$." + KEY;

  // Python's json.loads refuses trailing data; Jackson ignores it unless told otherwise.
  private static final ObjectReader READER =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * The parameters to validate, or why there are none.
   *
   * @param parameters a node of its own (never the caller's)
   * @param error null when {@code parameters} should be validated; otherwise the only error, and
   *     {@code parameters} is a copy of the wrapper as given
   */
  record Unwrapped(ObjectNode parameters, SchemaError error) {}

  private JsonInXml() {}

  static Unwrapped unwrap(ObjectNode raw) {
    JsonNode wrapped = wrapped(raw);
    if (wrapped == null) {
      return new Unwrapped(raw.deepCopy(), null);
    }
    JsonNode parsed;
    try {
      parsed = READER.readTree(wrapped.textValue());
    } catch (JsonProcessingException e) {
      return failed(raw, "is not valid JSON (" + Messages.syntaxError(e) + ")");
    }
    if (parsed == null || parsed.isMissingNode()) {
      return failed(raw, "must hold a JSON object, found an empty string");
    }
    if (!parsed.isObject()) {
      return failed(raw, "must hold a JSON object, found " + Messages.kindOf(parsed));
    }
    return new Unwrapped((ObjectNode) parsed, null);
  }

  /**
   * The parameters inside {@code raw}'s {@code _} key, or {@code raw} itself when it is not wrapped
   * or the wrapper does not hold a JSON object (the schema step reports that).
   */
  public static ObjectNode parameters(ObjectNode raw) {
    return wrapped(raw) == null ? raw : unwrap(raw).parameters();
  }

  /**
   * The parameters of a stored {@code json_parameters} text, unwrapped as {@link
   * #parameters(ObjectNode)} does; empty when the text is not one JSON object (the schema step
   * reports that).
   */
  public static ObjectNode parameters(String json) {
    try {
      JsonNode parsed = Json.MAPPER.readTree(json);
      return parsed instanceof ObjectNode object
          ? parameters(object)
          : Json.MAPPER.createObjectNode();
    } catch (JsonProcessingException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  private static JsonNode wrapped(ObjectNode raw) {
    JsonNode wrapped = raw.size() == 1 ? raw.get(KEY) : null;
    return wrapped != null && wrapped.isTextual() ? wrapped : null;
  }

  private static Unwrapped failed(ObjectNode raw, String message) {
    return new Unwrapped(raw.deepCopy(), new SchemaError(PATH, message));
  }
}
