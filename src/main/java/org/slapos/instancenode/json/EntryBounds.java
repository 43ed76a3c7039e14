package org.slapos.instancenode.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * How large one entry may be: {@code max-entry-bytes} for all its parameters together (as UTF-8
 * JSON text) and {@code max-entry-depth} for their nesting. An entry over a bound is refused alone,
 * with reason {@link #TOO_LARGE}, before anything parses it into memory, so the memory one entry
 * needs is bounded by {@link #maxBytes()}.
 *
 * @param maxBytes at least 1
 * @param maxDepth at least 1: the parameters object itself is depth 1
 */
public record EntryBounds(long maxBytes, int maxDepth) {
  /** The reason code of an entry over a bound. */
  public static final String TOO_LARGE = "entry-too-large";

  public static final long DEFAULT_MAX_BYTES = 1L << 20;
  public static final int DEFAULT_MAX_DEPTH = 64;
  public static final EntryBounds DEFAULTS = new EntryBounds(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH);

  public EntryBounds {
    if (maxBytes < 1 || maxDepth < 1) {
      throw new IllegalArgumentException("entry bounds must be positive");
    }
  }

  /**
   * A mapper that reads one entry's parameters within the bounds: Jackson's own read constraints
   * are set to them (nesting, string and name lengths), so a value over a bound fails while it is
   * read instead of being built first.
   */
  public ObjectMapper mapper() {
    int length = (int) Math.min(maxBytes, Integer.MAX_VALUE);
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(maxDepth)
            .maxStringLength(length)
            .maxNameLength(length)
            .build();
    return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
        .build();
  }

  /** The message of parameters of {@code bytes} bytes, over {@link #maxBytes()}. */
  public String tooLarge(String what, long bytes) {
    return what + " is " + bytes + " bytes, more than max-entry-bytes (" + maxBytes + ")";
  }

  /** The message of parameters nested deeper than {@link #maxDepth()}. */
  public String tooDeep(String what) {
    return what + " nests deeper than max-entry-depth (" + maxDepth + ")";
  }
}
