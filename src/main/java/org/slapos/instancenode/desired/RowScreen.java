package org.slapos.instancenode.desired;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import org.slapos.instancenode.json.EntryBounds;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.PythonJson;
import org.slapos.instancenode.store.InstanceRow;

/**
 * Checks an instance DB row as input from the network, since another program wrote it: its {@code
 * json_parameters} must be JSON text holding one object, within the {@link EntryBounds}. A NULL
 * value is "no parameters", as the Python node reads it. Thread-safe.
 */
final class RowScreen {
  private static final String SCHEMA = "schema";
  private static final String FIELD = "json_parameters";

  private final EntryBounds bounds;
  private final JsonFactory factory;

  RowScreen(EntryBounds bounds) {
    this.bounds = bounds;
    this.factory = bounds.mapper().getFactory();
  }

  /** Why {@code row} cannot be served as it is, or empty when it can. */
  Optional<DesiredEntry.Refusal> check(InstanceRow row) {
    InstanceRow.Withheld withheld = row.withheld();
    if (withheld != null) {
      return withheld.type().equals("text")
          ? refuse(EntryBounds.TOO_LARGE, bounds.tooLarge(FIELD, withheld.bytes()))
          : refuse(
              SCHEMA,
              FIELD + " is a " + withheld.type() + " of " + withheld.bytes() + " bytes, not text");
    }
    String text = row.jsonParameters();
    if (text == null) {
      return Optional.empty();
    }
    if (text.isBlank()) {
      return refuse(SCHEMA, FIELD + " is empty: it must hold a JSON object");
    }
    try (JsonParser parser = factory.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        return refuse(SCHEMA, FIELD + " must hold a JSON object, found " + kind(first));
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        return refuse(SCHEMA, FIELD + " holds more than one JSON value");
      }
    } catch (StreamConstraintsException e) {
      return refuse(EntryBounds.TOO_LARGE, bounds.tooDeep(FIELD));
    } catch (JsonProcessingException e) {
      return refuse(
          SCHEMA,
          FIELD
              + " is not JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (IOException e) {
      return refuse(SCHEMA, FIELD + " cannot be read");
    }
    return Optional.empty();
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> "null";
    };
  }

  private static Optional<DesiredEntry.Refusal> refuse(String reason, String message) {
    return Optional.of(new DesiredEntry.Refusal(reason, message));
  }

  /** The row to serve instead of {@code row}: no parameters, the refusal as its error. */
  static InstanceRow refused(InstanceRow row, DesiredEntry.Refusal refusal) {
    ObjectNode error = Json.MAPPER.createObjectNode();
    error.putArray("errors").add(refusal.message());
    error.put("message", refusal.message());
    error.put("reason", refusal.reason());
    String state =
        InstanceRow.STOPPED.equals(row.state()) ? InstanceRow.STOPPED : InstanceRow.INVALID;
    return new InstanceRow(
        row.reference(), "{}", PythonJson.dumps(error), row.hash(), row.timestamp(), state);
  }
}
