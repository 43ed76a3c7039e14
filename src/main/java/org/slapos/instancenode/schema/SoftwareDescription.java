package org.slapos.instancenode.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A software release description ({@code software.cfg.json}) and the shared-instance request schema
 * it points to, found as SlapOS's slapconfiguration finds it.
 */
final class SoftwareDescription {
  private SoftwareDescription() {}

  /**
   * The request schema of the shared software type {@code softwareType}: the {@code software-type}
   * entry whose {@code software-type} is {@code softwareType} and whose {@code shared} is {@code
   * true}, its {@code request} resolved against the description file as a relative URL (as Python's
   * {@code urljoin} does).
   *
   * @param description the absolute, normalised path of the description file
   * @param named how the description is named in messages ({@code software-schema = /x/d.json})
   * @throws SchemaLoadException when the file is unusable, has no such shared type (the message
   *     lists the shared types it has) or points outside the local file system
   */
  static Path sharedRequestSchema(Path description, String named, String softwareType) {
    JsonNode types = JsonFiles.readObject(description, named).get("software-type");
    if (types == null || !types.isObject()) {
      throw new SchemaLoadException(
          named + ": a software description with no \"software-type\" object");
    }
    for (Map.Entry<String, JsonNode> entry : types.properties()) {
      JsonNode type = entry.getValue();
      if (isShared(type) && type.get("software-type").textValue().equals(softwareType)) {
        return requestSchema(description, named, entry.getKey(), type.get("request"));
      }
    }
    throw new SchemaLoadException(
        named
            + ": the software description has no shared software type named '"
            + softwareType
            + "'; its shared software types are: "
            + sharedTypes(types));
  }

  /**
   * Refuses a software release description given where a schema is expected: read as a schema it
   * would accept every entry.
   *
   * @param named how the file is named in messages ({@code slave-schema = /x/s.json})
   * @throws SchemaLoadException naming the file and listing its shared software types
   */
  static void refuseAsSchema(String named, JsonNode json) {
    JsonNode types = json.get("software-type");
    if (types != null && types.isObject() && !json.has("$schema") && !json.has("properties")) {
      throw new SchemaLoadException(
          named
              + ": is a software release description (software.cfg.json), not a schema: name one of"
              + " its shared software types with --software-type (software-type in the"
              + " configuration); they are: "
              + sharedTypes(types));
    }
  }

  private static boolean isShared(JsonNode type) {
    return type.path("shared").booleanValue() && type.path("software-type").isTextual();
  }

  private static String sharedTypes(JsonNode types) {
    List<String> shared = new ArrayList<>();
    for (JsonNode type : types) {
      if (isShared(type)) {
        shared.add("'" + type.get("software-type").textValue() + "'");
      }
    }
    return shared.isEmpty() ? "none" : String.join(", ", shared);
  }

  private static Path requestSchema(
      Path description, String named, String entryName, JsonNode request) {
    String where = named + ": entry '" + entryName + "'";
    if (request == null || !request.isTextual()) {
      throw new SchemaLoadException(where + " has no \"request\" schema path");
    }
    URI resolved;
    try {
      resolved = description.toUri().resolve(URI.create(request.textValue()));
    } catch (IllegalArgumentException e) {
      throw new SchemaLoadException(
          where + " has a \"request\" that is not a relative URL: " + request.textValue(), e);
    }
    try {
      if ("file".equals(resolved.getScheme()) && resolved.getRawFragment() == null) {
        return Path.of(resolved);
      }
    } catch (IllegalArgumentException e) {
      // Path.of refuses file URIs with a host or a query: not a local file either.
    }
    throw new SchemaLoadException(
        where + " has a \"request\" schema that is not a local file: " + resolved);
  }
}
