package org.slapos.instancenode.store;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One row of the {@code instance} table of the instance DB or the request DB, column for column as
 * the Python implementation reads and writes it.
 *
 * @param reference the entry reference (primary key)
 * @param jsonParameters the entry's parameters as JSON
 * @param jsonError {@code {}} for a valid row, otherwise a JSON object with at least {@code
 *     message}
 * @param hash SHA-256 hex of the parameters serialised as Python's {@code json.dumps(params,
 *     sort_keys=True)}
 * @param timestamp Unix seconds as text, changed only when the row's observable content changes
 * @param validParameter {@link #VALID}, {@link #INVALID} or {@link #STOPPED}
 * @param withheld when {@code json_parameters} was not read (not text, or over the store's bound;
 *     {@code jsonParameters} is then null), what it is; null otherwise
 */
public record InstanceRow(
    String reference,
    String jsonParameters,
    String jsonError,
    String hash,
    String timestamp,
    String validParameter,
    Withheld withheld) {

  /**
   * A {@code json_parameters} value left unread.
   *
   * @param type SQLite's storage class of the value ({@code text}, {@code blob}, {@code integer},
   *     {@code real})
   * @param bytes its size in bytes
   */
  public record Withheld(String type, long bytes) {}

  /** A row whose parameters were read (or are NULL). */
  public InstanceRow(
      String reference,
      String jsonParameters,
      String jsonError,
      String hash,
      String timestamp,
      String validParameter) {
    this(reference, jsonParameters, jsonError, hash, timestamp, validParameter, null);
  }

  public static final String VALID = "valid";
  public static final String INVALID = "invalid";
  public static final String STOPPED = "stopped";

  private static final Pattern SECONDS = Pattern.compile("([0-9]{1,12})(\\.[0-9]*)?");

  /**
   * A {@code timestamp} column read as whole Unix seconds: Python writes {@code
   * str(int(time.time()))}, a fraction is dropped; empty when it is not such a number.
   */
  public static OptionalLong seconds(String timestamp) {
    if (timestamp == null) {
      return OptionalLong.empty();
    }
    var matched = SECONDS.matcher(timestamp);
    return matched.matches()
        ? OptionalLong.of(Long.parseLong(matched.group(1)))
        : OptionalLong.empty();
  }

  public InstanceRow {
    Objects.requireNonNull(reference, "reference");
  }

  /**
   * {@code valid_parameter} read as one of the three states. Earlier SlapOS releases wrote a
   * boolean there (stored as 1 or 0) instead of {@code valid} or {@code invalid}.
   */
  public String state() {
    return stateOf(validParameter);
  }

  /** {@code valid_parameter} text read as one of the three states; see {@link #state()}. */
  public static String stateOf(String validParameter) {
    if (validParameter == null) {
      return INVALID;
    }
    return switch (validParameter) {
      case VALID, "1", "true", "True" -> VALID;
      case STOPPED -> STOPPED;
      default -> INVALID;
    };
  }
}
