package org.slapos.instancenode.desired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slapos.instancenode.files.FileErrors;
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
  private final String named;

  /** A file read with the default entry bounds (offline tools), named by its path in messages. */
  public FileSource(Path file) {
    this(file, new SharedInstanceList(EntryBounds.DEFAULTS));
  }

  /** A file named by its path in messages. */
  public FileSource(Path file, SharedInstanceList list) {
    this(file, list, file.toString());
  }

  /**
   * @param named how messages name the file ({@code desired-state = file:/x/entries.json})
   */
  public FileSource(Path file, SharedInstanceList list, String named) {
    this.file = file;
    this.list = list;
    this.named = named;
  }

  @Override
  public Listing read() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DesiredStateException(named + ": " + FileErrors.words(e), e);
    }
    return Listing.of(Sha256.hex(content), () -> parse(content));
  }

  private Listing.Content parse(byte[] content) {
    try {
      return Listings.content(list.read(content, named));
    } catch (MalformedListingException e) {
      throw new DesiredStateException(e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "file:" + file;
  }
}
