package org.slapos.instancenode.ops;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * {@code %kv} of the text log format: an event's key/values, then its MDC (sorted by key), each as
 * {@code " key=value"} in the logfmt style: a value is written bare unless it is empty or holds a
 * space, a quote, {@code =}, a backslash or a control character; then it is double-quoted with
 * {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t} and {@code \}{@code uXXXX} escapes, so
 * every line stays one line and splits back into its pairs.
 */
public final class KeyValuesConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    StringBuilder line = new StringBuilder();
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        append(line, pair.key, pair.value);
      }
    }
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null && !mdc.isEmpty()) {
      new TreeMap<>(mdc).forEach((key, value) -> append(line, key, value));
    }
    return line.toString();
  }

  private static void append(StringBuilder line, String key, Object value) {
    line.append(' ').append(key).append('=');
    String text = String.valueOf(value);
    if (bare(text)) {
      line.append(text);
      return;
    }
    line.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            line.append(String.format("\\u%04x", (int) c));
          } else {
            line.append(c);
          }
        }
      }
    }
    line.append('"');
  }

  private static boolean bare(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '"' || c == '=' || c == '\\' || Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }
}
