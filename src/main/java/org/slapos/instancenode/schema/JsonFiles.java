package org.slapos.instancenode.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slapos.instancenode.files.FileErrors;
import org.slapos.instancenode.json.Json;

/** Reads the JSON files a schema is made of, failing with a message that names the file. */
final class JsonFiles {
  private JsonFiles() {}

  /**
   * The JSON object in {@code file}.
   *
   * @param named how the file is named in messages, as {@link FileErrors#named} or longer ({@code
   *     slave-schema = /x/s.json}); the message is {@code NAMED: what is wrong}
   * @throws SchemaLoadException when the file is missing, unreadable, not JSON or not an object
   */
  static JsonNode readObject(Path file, String named) {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      // A directory cannot be parsed, and a FIFO would block the reader for ever.
      throw new SchemaLoadException(
          named
              + (Files.isDirectory(file)
                  ? ": is a directory, not a file"
                  : ": is not a regular file (a FIFO, socket or device)"));
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new SchemaLoadException(named + ": " + FileErrors.words(e), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new SchemaLoadException(named + ": is empty");
    }
    if (!node.isObject()) {
      throw new SchemaLoadException(
          named + ": must hold a JSON object, found " + Messages.kindOf(node));
    }
    return node;
  }
}
