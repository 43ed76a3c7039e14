package org.slapos.instancenode.desired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slapos.instancenode.json.EntryBounds;
import org.slapos.instancenode.json.Sha256;
import org.slapos.instancenode.master.MalformedListingException;
import org.slapos.instancenode.master.SharedInstanceList;

/**
 * Desired state from a JSON file shaped like the master's listing: offline audits and demos. Items
 * are read one at a time (see {@link SharedInstanceList}): one oversized or malformed item is
 * refused alone.
 */
public final class FileSource implements DesiredStateSource {
  private final Path file;
  private final SharedInstanceList list;

  /** A file read with the default entry bounds (offline tools). */
  public FileSource(Path file) {
    this(file, new SharedInstanceList(EntryBounds.DEFAULTS));
  }

  public FileSource(Path file, SharedInstanceList list) {
    this.file = file;
    this.list = list;
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
    return Listing.of(Sha256.hex(content), () -> parse(content));
  }

  private Listing.Content parse(byte[] content) {
    try {
      return Listings.content(list.read(content, file.toString()));
    } catch (MalformedListingException e) {
      throw new DesiredStateException(e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "file:" + file;
  }
}
