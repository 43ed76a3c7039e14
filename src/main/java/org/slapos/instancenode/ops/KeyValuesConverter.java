package org.slapos.instancenode.ops;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;
import java.util.TreeMap;
import org.slapos.instancenode.text.Printable;
import org.slf4j.event.KeyValuePair;

/**
 * {@code %kv} of the text log format: an event's key/values, then its MDC (sorted by key), each as
 * {@code " key=value"} in the logfmt style: a value is written bare unless it is empty or holds a
 * space, a quote, {@code =} or a character {@link Printable} escapes; then it is double-quoted,
 * escaped by {@link Printable} and with {@code \"} for a quote, so every line stays one line and
 * splits back into its pairs.
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
    } else {
      // Printable never writes a quote, so quotes are escaped after it without ambiguity.
      line.append('"').append(Printable.escape(text).replace("\"", "\\\"")).append('"');
    }
  }

  private static boolean bare(String text) {
    return !text.isEmpty()
        && Printable.escape(text).equals(text)
        && text.indexOf(' ') < 0
        && text.indexOf('"') < 0
        && text.indexOf('=') < 0;
  }
}
