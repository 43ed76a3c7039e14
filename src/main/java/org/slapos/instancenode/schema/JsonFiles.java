package org.slapos.instancenode.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slapos.instancenode.json.Json;

/** Reads the JSON files a schema is made of, failing with a message that names the file. */
final class JsonFiles {
  private JsonFiles() {}

  /**
   * The JSON object in {@code file}.
   *
   * @param what what the file is meant to be, for the message ("schema", "software description")
   * @throws SchemaLoadException when the file is missing, unreadable, not JSON or not an object
   */
  static JsonNode readObject(Path file, String what) {
    if (!Files.exists(file)) {
      throw new SchemaLoadException(what + " " + file + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new SchemaLoadException(what + " " + file + " is a directory, not a file");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new SchemaLoadException(
          what + " " + file + " is not valid JSON (" + Messages.syntaxError(e) + ")", e);
    } catch (IOException e) {
      throw new SchemaLoadException(what + " " + file + " cannot be read: " + e, e);
    }
    if (node == null || node.isMissingNode()) {
      throw new SchemaLoadException(what + " " + file + " is empty");
    }
    if (!node.isObject()) {
      throw new SchemaLoadException(
          what + " " + file + " must hold a JSON object, found " + Messages.kindOf(node));
    }
    return node;
  }
}
