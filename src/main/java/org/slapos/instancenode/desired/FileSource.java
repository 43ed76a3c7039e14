package org.slapos.instancenode.desired;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.Sha256;
import org.slapos.instancenode.master.MalformedListingException;
import org.slapos.instancenode.master.SharedInstanceList;

/** Desired state from a JSON file shaped like the master's listing: offline audits and demos. */
public final class FileSource implements DesiredStateSource {
  private final Path file;

  public FileSource(Path file) {
    this.file = file;
  }

  @Override
  public Listing read() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DesiredStateException(file + ": no such file", e);
    } catch (IOException e) {
      throw new DesiredStateException(file + ": cannot read: " + e.getMessage(), e);
    }
    return new Listing(Sha256.hex(content), () -> parse(content));
  }

  private List<DesiredEntry> parse(byte[] content) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(content);
    } catch (JacksonException e) {
      String line = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new DesiredStateException(
          file + ": not valid JSON" + line + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DesiredStateException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      return SharedInstanceList.parse(root, file.toString()).stream()
          .map(DesiredEntry::of)
          .toList();
    } catch (MalformedListingException e) {
      throw new DesiredStateException(e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "file:" + file;
  }
}
