package org.slapos.instancenode.config;

import java.util.Objects;

/**
 * One value of an INI file.
 *
 * @param text the value, stripped; continuation lines are joined with {@code \n}; may be empty
 * @param line the 1-based line of its key (for an inherited {@code [DEFAULT]} value, the line in
 *     {@code [DEFAULT]})
 */
public record IniValue(String text, int line) {
  public IniValue {
    Objects.requireNonNull(text, "text");
  }

  /** True when the value is empty or only white space. */
  public boolean isBlank() {
    return text.isBlank();
  }
}
