package org.slapos.instancenode.schema;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Pattern;

/** Small pieces of the package's messages; keeps user-supplied values short in them. */
final class Messages {
  static final int MAX_VALUE_CHARS = 80;

  // Jackson quotes an unrecognised token (token 'MIIEvQIBADANBgkqhkiG9w0...'), up to 256 chars.
  private static final Pattern LONG_TOKEN = Pattern.compile("token '([^'\\n]{20})[^'\\n]+'");
  // "(start marker at [Source: REDACTED ...; line: 1, column: 1])" says nothing to a user.
  private static final Pattern SOURCE_REFERENCE =
      Pattern.compile(" ?\\(start marker at \\[Source.*?\\]\\)");

  private Messages() {}

  /**
   * The text itself when short, else its first {@value #MAX_VALUE_CHARS} characters and its length,
   * so that a certificate or a key is never repeated whole.
   */
  static String abbreviate(String text) {
    if (text.length() <= MAX_VALUE_CHARS) {
      return text;
    }
    int end = MAX_VALUE_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "... (" + text.length() + " characters)";
  }

  /** The JSON name of a node's kind: "object", "array", "string", "number", "boolean", "null". */
  static String kindOf(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /**
   * Where JSON text stopped parsing and why: {@code line 1, column 9: Unexpected character...}.
   * Tokens quoted from the text are cut short, since the text may hold a secret.
   */
  static String syntaxError(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    String why = SOURCE_REFERENCE.matcher(e.getOriginalMessage()).replaceAll("");
    return where + LONG_TOKEN.matcher(why).replaceAll("token '$1...'");
  }
}
