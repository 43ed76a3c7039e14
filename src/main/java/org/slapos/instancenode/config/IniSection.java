package org.slapos.instancenode.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One section of an {@link IniFile}, with the {@code [DEFAULT]} values it inherits. Immutable. */
public final class IniSection {
  private final String name;
  private final int line;
  private final Map<String, IniValue> values;

  IniSection(String name, int line, Map<String, IniValue> values) {
    this.name = name;
    this.line = line;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The name between the brackets, case preserved (sections are case-sensitive). */
  public String name() {
    return name;
  }

  /** The 1-based line of the section header. */
  public int line() {
    return line;
  }

  /** The value of {@code key} (looked up lower-cased, as keys are stored), if present. */
  public Optional<IniValue> get(String key) {
    return Optional.ofNullable(values.get(key.toLowerCase(Locale.ROOT)));
  }

  /**
   * Every key with its value: inherited {@code [DEFAULT]} keys first, then the section's own keys,
   * in file order; a section's own value replaces the inherited one.
   */
  public Map<String, IniValue> values() {
    return values;
  }
}
