package org.slapos.instancenode.text;

/**
 * Escapes what a terminal or a line-oriented reader would act on: a value a user wrote must not
 * start a new line, move the cursor, change colours or reorder the text around it.
 *
 * <p>Escaped: C0 and C1 control characters and DEL (newline, carriage return and tab as {@code \n},
 * {@code \r}, {@code \t}, the others as {@code \x} and two hex digits), Unicode bidirectional
 * controls, line or paragraph separators and lone surrogates (as {@code \\u} and four hex digits:
 * an encoder would print a lone surrogate as {@code ?}, merging values that differ), and the
 * backslash itself (doubled), so the output reads back unambiguously. Everything else, including
 * non-ASCII letters and surrogate pairs, is kept. Thread-safe.
 */
public final class Printable {
  private Printable() {}

  /** {@code value} with control characters escaped; {@code "null"} for null. */
  public static String escape(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement =
          Character.isSurrogate(c) && !paired(value, i) ? unicode(c) : replacement(c);
      if (replacement != null && out == null) {
        out = new StringBuilder(value.length() + 16).append(value, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? value : out.toString();
  }

  private static String replacement(char c) {
    return switch (c) {
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
          yield String.format("\\x%02x", (int) c);
        }
        if (bidiOrSeparator(c)) {
          yield unicode(c);
        }
        yield null;
      }
    };
  }

  private static String unicode(char c) {
    return String.format("\\u%04x", (int) c);
  }

  /** Whether the surrogate at {@code i} is half of a well-formed pair. */
  private static boolean paired(String value, int i) {
    char c = value.charAt(i);
    return Character.isHighSurrogate(c)
        ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
  }

  private static boolean bidiOrSeparator(char c) {
    return c == '\u061c'
        || c == '\u200e'
        || c == '\u200f'
        || (c >= '\u2028' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
