package org.slapos.instancenode.desired;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One complete reading of a desired-state source: a digest of what was read, and the entries,
 * parsed on first use. Two listings with the same digest list the same entries, so a consumer that
 * already applied a digest may skip the parsing altogether. Thread-safe.
 */
public final class Listing {
  private final String digest;
  private Supplier<List<DesiredEntry>> parser;
  private List<DesiredEntry> entries;

  /**
   * @param digest identifies the content read (not where it was read from)
   * @param parser parses the content, throwing {@link DesiredStateException} when it is malformed
   */
  public Listing(String digest, Supplier<List<DesiredEntry>> parser) {
    this.digest = Objects.requireNonNull(digest, "digest");
    this.parser = Objects.requireNonNull(parser, "parser");
  }

  public String digest() {
    return digest;
  }

  /**
   * The entries, destroyed ones included.
   *
   * @throws DesiredStateException when the content is malformed
   */
  public synchronized List<DesiredEntry> entries() {
    if (entries == null) {
      entries = List.copyOf(parser.get());
      parser = null;
    }
    return entries;
  }
}
