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
  private Supplier<Content> parser;
  private Content content;

  /**
   * What a listing holds.
   *
   * @param entries every entry whose reference could be read, destroyed and refused ones included
   *     (the listed ones in listing order, then the refused ones)
   * @param unreadable one message per item refused without a readable reference (naming its
   *     position): what such an item stands for is unknown, so no stored entry may be taken for
   *     removed while there is one
   * @param refused one message per item refused whole though its reference could be read, naming
   *     it: a reference the stores cannot keep byte for byte (see {@link References}) has no row at
   *     all, so it is not among {@code entries}; it is no stored entry, so it holds no removal
   */
  public record Content(List<DesiredEntry> entries, List<String> unreadable, List<String> refused) {
    public Content {
      entries = List.copyOf(entries);
      unreadable = List.copyOf(unreadable);
      refused = List.copyOf(refused);
    }
  }

  /**
   * @param digest identifies the content read (not where it was read from)
   * @param parser parses the content, throwing {@link DesiredStateException} when it is malformed
   */
  public Listing(String digest, Supplier<List<DesiredEntry>> parser) {
    Objects.requireNonNull(parser, "parser");
    this.digest = Objects.requireNonNull(digest, "digest");
    this.parser = () -> new Content(parser.get(), List.of(), List.of());
  }

  private Listing(Supplier<Content> parser, String digest) {
    this.digest = Objects.requireNonNull(digest, "digest");
    this.parser = Objects.requireNonNull(parser, "parser");
  }

  /** A listing whose parser also reports the items it could not read at all. */
  public static Listing of(String digest, Supplier<Content> parser) {
    return new Listing(parser, digest);
  }

  public String digest() {
    return digest;
  }

  /**
   * The entries, destroyed ones included.
   *
   * @throws DesiredStateException when the content is malformed
   */
  public List<DesiredEntry> entries() {
    return content().entries();
  }

  /**
   * Everything read.
   *
   * @throws DesiredStateException when the content is malformed
   */
  public synchronized Content content() {
    if (content == null) {
      content = parser.get();
      parser = null;
    }
    return content;
  }
}
