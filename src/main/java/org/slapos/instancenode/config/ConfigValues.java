package org.slapos.instancenode.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parsers for single configuration values. Each takes the stripped, non-blank text of a value and
 * either returns the typed value or throws {@link IllegalArgumentException} with a message saying
 * what is expected; the caller adds the key, the value and the location.
 */
final class ConfigValues {
  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,18}(?:\\.\\d{1,9})?)(ms|s|m|h|d)?");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L,
          "d", 86_400_000_000_000L);
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
  private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DNS_LABEL =
      Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

  private ConfigValues() {}

  /** As the Python recipes read booleans: y, yes, 1, true / n, no, 0, false; any case. */
  static boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "y", "yes", "1", "true" -> true;
      case "n", "no", "0", "false", "" -> false;
      default -> throw new IllegalArgumentException("must be true/false, yes/no, y/n or 1/0");
    };
  }

  /** A non-negative duration: a number of seconds, or a number with unit ms, s, m, h or d. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "must be a duration: seconds, or a number with unit ms, s, m, h or d (as in 500ms,"
              + " 90s, 5m, 1h, 30d)");
    }
    long unitNanos = NANOS_PER_UNIT.get(m.group(2) == null ? "s" : m.group(2));
    try {
      BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos));
      return Duration.ofNanos(nanos.toBigInteger().longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("is too long a duration");
    }
  }

  /** A duration strictly greater than zero. */
  static Duration positiveDuration(String text) {
    Duration duration = duration(text);
    if (duration.isZero()) {
      throw new IllegalArgumentException("must be a duration greater than zero");
    }
    return duration;
  }

  /**
   * A whole number from {@code min} to {@code max}, both included; {@link Integer#MAX_VALUE} as
   * {@code max} means no upper bound.
   */
  static int integer(String text, int min, int max) {
    if (!INTEGER.matcher(text).matches()) {
      throw new IllegalArgumentException(expectedRange(min, max));
    }
    long value = Long.parseLong(text);
    if (value < min || value > max) {
      throw new IllegalArgumentException(expectedRange(min, max));
    }
    return (int) value;
  }

  private static String expectedRange(int min, int max) {
    return max == Integer.MAX_VALUE
        ? "must be a whole number of at least " + min
        : "must be a whole number from " + min + " to " + max;
  }

  /** A decimal number strictly greater than zero, such as {@code 5} or {@code 0.5}. */
  static double positiveDecimal(String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a number greater than zero");
    }
    double result = value.doubleValue();
    if (value.signum() <= 0 || !Double.isFinite(result) || result == 0) {
      throw new IllegalArgumentException("must be a number greater than zero");
    }
    return result;
  }

  /** One DNS label: 1 to 63 letters, digits, '_' or '-', not starting or ending with '-'. */
  static String dnsLabel(String text) {
    if (!DNS_LABEL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "must be a single DNS label: 1 to 63 letters, digits, '_' or '-', not starting or"
              + " ending with '-'");
    }
    return text;
  }

  /**
   * {@code private-suffixes}: DNS names separated by spaces or commas, a leading dot allowed
   * ({@code internal .lan corp.example}), in lower case without the dot.
   */
  static List<String> privateSuffixes(String text) {
    List<String> suffixes = new ArrayList<>();
    for (String item : text.split("[\\s,]+")) {
      if (item.isEmpty()) {
        continue;
      }
      String name = item.toLowerCase(Locale.ROOT);
      name = name.startsWith(".") ? name.substring(1) : name;
      for (String label : name.split("\\.", -1)) {
        if (!HOST_LABEL.matcher(label).matches()) {
          throw new IllegalArgumentException(
              "'"
                  + item
                  + "' is not a DNS name: labels of 1 to 63 letters, digits or '-', not starting"
                  + " or ending with '-'");
        }
      }
      suffixes.add(name);
    }
    return suffixes;
  }

  /** A path, resolved against {@code base} when relative. */
  static Path path(String text, Path base) {
    try {
      return base.resolve(Path.of(text)).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("is not a valid path: " + e.getReason());
    }
  }

  /** An absolute http or https URL with a host. */
  static URI httpUrl(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("must be an http:// or https:// URL with a host");
    }
    return uri;
  }

  /** One of the constants of {@code type}, written as its lower-case name. */
  static <E extends Enum<E>> E choice(String text, Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      if (configName(constant).equals(text)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "must be one of: "
            + Arrays.stream(type.getEnumConstants())
                .map(ConfigValues::configName)
                .collect(Collectors.joining(", ")));
  }

  static String configName(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** {@code instance-db}, {@code master} or {@code file:PATH} (PATH resolved against base). */
  static DesiredStateSetting desiredState(String text, Path base) {
    if (text.equals("instance-db")) {
      return new DesiredStateSetting.InstanceDb();
    }
    if (text.equals("master")) {
      return new DesiredStateSetting.Master();
    }
    if (text.startsWith("file:") && !text.substring(5).isBlank()) {
      return new DesiredStateSetting.File(path(text.substring(5).strip(), base));
    }
    throw new IllegalArgumentException("must be instance-db, master or file:PATH");
  }
}
