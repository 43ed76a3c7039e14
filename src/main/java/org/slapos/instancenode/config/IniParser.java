package org.slapos.instancenode.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The line-by-line reader behind {@link IniFile}; one instance parses one text. */
final class IniParser {
  private record RawSection(String name, int line, Map<String, IniValue> values) {}

  private final String sourceName;
  private final Path baseDirectory;
  private final Map<String, RawSection> sections = new LinkedHashMap<>();
  private RawSection current;
  private String currentKey;
  private int currentKeyIndent;

  IniParser(String sourceName, Path baseDirectory) {
    this.sourceName = sourceName;
    this.baseDirectory = baseDirectory;
  }

  IniFile parse(String text) {
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = i == 0 && lines[0].startsWith("\uFEFF") ? lines[0].substring(1) : lines[i];
      readLine(line, i + 1);
    }
    return build();
  }

  private void readLine(String line, int number) {
    String stripped = line.strip();
    if (stripped.isEmpty()) {
      currentKey = null;
      return;
    }
    // Python skips comment lines without ending the value they sit in.
    if (stripped.startsWith("#") || stripped.startsWith(";")) {
      return;
    }
    int indent = line.length() - line.stripLeading().length();
    if (currentKey != null && indent > currentKeyIndent) {
      IniValue previous = current.values().get(currentKey);
      current
          .values()
          .put(currentKey, new IniValue(previous.text() + "\n" + stripped, previous.line()));
      return;
    }
    currentKey = null;
    if (stripped.startsWith("[")) {
      readHeader(stripped, number);
    } else {
      readKeyValue(stripped, indent, number);
    }
  }

  private void readHeader(String stripped, int number) {
    // Like Python's pattern \[(.+)\]: the name runs to the last ']' and the rest is ignored.
    int close = stripped.lastIndexOf(']');
    if (close < 0) {
      throw error(number, "section header without closing ']'");
    }
    String name = stripped.substring(1, close);
    if (name.isEmpty()) {
      throw error(number, "empty section name '[]'");
    }
    RawSection earlier = sections.get(name);
    if (earlier != null) {
      throw error(
          number, "duplicate section [" + name + "] (first at line " + earlier.line() + ")");
    }
    current = new RawSection(name, number, new LinkedHashMap<>());
    sections.put(name, current);
  }

  private void readKeyValue(String stripped, int indent, int number) {
    if (current == null) {
      throw error(number, "'key = value' line before any [section] header");
    }
    int separator = firstSeparator(stripped);
    if (separator < 0) {
      throw error(
          number, "neither a [section] header, a 'key = value' line nor a '#' or ';' comment");
    }
    String key = stripped.substring(0, separator).strip().toLowerCase(Locale.ROOT);
    if (key.isEmpty()) {
      throw error(number, "no key before '" + stripped.charAt(separator) + "'");
    }
    IniValue earlier = current.values().get(key);
    if (earlier != null) {
      throw error(
          number,
          "duplicate key '%s' in section [%s] (first at line %d)"
              .formatted(key, current.name(), earlier.line()));
    }
    current.values().put(key, new IniValue(stripped.substring(separator + 1).strip(), number));
    currentKey = key;
    currentKeyIndent = indent;
  }

  private static int firstSeparator(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '=' || c == ':') {
        return i;
      }
    }
    return -1;
  }

  private IniFile build() {
    RawSection defaults = sections.get(IniFile.DEFAULT_SECTION);
    Map<String, IniValue> inherited = defaults == null ? Map.of() : defaults.values();
    Map<String, IniSection> built = new LinkedHashMap<>();
    for (RawSection raw : sections.values()) {
      if (raw != defaults) {
        Map<String, IniValue> values = new LinkedHashMap<>(inherited);
        values.putAll(raw.values());
        built.put(raw.name(), new IniSection(raw.name(), raw.line(), values));
      }
    }
    return new IniFile(sourceName, baseDirectory, Collections.unmodifiableMap(built));
  }

  private ConfigException error(int line, String what) {
    return new ConfigException(sourceName + ":" + line + ": " + what);
  }
}
