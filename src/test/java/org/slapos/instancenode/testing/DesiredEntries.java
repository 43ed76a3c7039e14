package org.slapos.instancenode.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slapos.instancenode.json.Json;

/** Desired-state files for {@code file:} sources, shaped as the master's {@code result_list}. */
public final class DesiredEntries {
  private DesiredEntries() {}

  /** A started entry of type {@code default} serving {@code domain}, valid for Rapid.CDN. */
  public static ObjectNode entry(String reference, String domain) {
    ObjectNode entry =
        Json.MAPPER
            .createObjectNode()
            .put("title", "Entry " + reference)
            .put("instance_guid", reference)
            .put("software_type", "default")
            .put("state", "started");
    entry
        .putObject("parameters")
        .put("url", "https://backend.example.net:8443")
        .put("custom_domain", domain);
    return entry;
  }

  /**
   * Writes {@code entries} to {@code file}, replacing it atomically so that a node reading it
   * meanwhile sees the old list or the new one, never half of it.
   */
  public static void write(Path file, ObjectNode... entries) throws IOException {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode list = root.putArray("result_list");
    for (ObjectNode entry : entries) {
      list.add(entry);
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".new");
    Json.MAPPER.writeValue(temporary.toFile(), root);
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
