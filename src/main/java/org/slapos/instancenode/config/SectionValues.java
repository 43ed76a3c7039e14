package org.slapos.instancenode.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed reads of one section that collect problems instead of stopping at the first. Every key read
 * through this class becomes a known key; {@link #reportUnknownKeys()} then reports the others, so
 * the set of accepted keys is exactly the set the reader asks for. A blank value counts as not
 * given.
 */
final class SectionValues {
  private static final int MAX_ECHO = 80;

  private record Problem(int line, String text) {}

  private final IniFile file;
  private final IniSection section;
  private final Set<String> known = new LinkedHashSet<>();
  private final Set<String> knownPrefixes = new LinkedHashSet<>();
  private final Set<String> bad = new HashSet<>();
  private final List<Problem> problems = new ArrayList<>();

  SectionValues(IniFile file, IniSection section) {
    this.file = file;
    this.section = section;
  }

  Path baseDirectory() {
    return file.baseDirectory();
  }

  /** The text of {@code key}, when given and not blank. */
  Optional<String> text(String key) {
    known.add(key);
    return section.get(key).filter(v -> !v.isBlank()).map(IniValue::text);
  }

  /** True when {@code key} has a non-blank value, valid or not. */
  boolean has(String key) {
    return section.get(key).filter(v -> !v.isBlank()).isPresent();
  }

  /** True when {@code key} is written in the section with nothing after its {@code =}. */
  boolean isEmpty(String key) {
    known.add(key);
    return section.get(key).filter(IniValue::isBlank).isPresent();
  }

  /** True when {@code key} was given a value that its parser refused (and that was reported). */
  boolean isBad(String key) {
    return bad.contains(key);
  }

  /** The parsed value of {@code key}; empty when not given or bad (bad values are reported). */
  <T> Optional<T> optional(String key, Function<String, T> parser) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(text.get()));
    } catch (IllegalArgumentException e) {
      bad.add(key);
      report(
          key, "key '%s' has a bad value %s: %s".formatted(key, echo(text.get()), e.getMessage()));
      return Optional.empty();
    }
  }

  /** The parsed value of {@code key}, or {@code fallback} when not given (or bad: reported). */
  <T> T orDefault(String key, T fallback, Function<String, T> parser) {
    return optional(key, parser).orElse(fallback);
  }

  /** The parsed value of {@code key}, or null when missing or bad (both reported). */
  <T> T required(String key, Function<String, T> parser) {
    if (!has(key)) {
      known.add(key);
      report(key, "missing required key '" + key + "' in section [" + section.name() + "]");
      return null;
    }
    return optional(key, parser).orElse(null);
  }

  /** A path value, resolved against the configuration file's directory. */
  Function<String, Path> asPath() {
    return text -> ConfigValues.path(text, file.baseDirectory());
  }

  /** Every key starting with {@code prefix}, without the prefix, in order; blank values dropped. */
  Map<String, String> withPrefix(String prefix) {
    knownPrefixes.add(prefix);
    Map<String, String> result = new LinkedHashMap<>();
    section
        .values()
        .forEach(
            (key, value) -> {
              if (key.startsWith(prefix) && key.length() == prefix.length()) {
                report(key, "key '%s' names nothing after '%s'".formatted(key, prefix));
              } else if (key.startsWith(prefix) && !value.isBlank()) {
                result.put(key.substring(prefix.length()), value.text());
              }
            });
    return result;
  }

  /** Accepts {@code key} without reading it. */
  void ignore(String key) {
    known.add(key);
  }

  /** Reports every key that no read asked for, with the closest known key when there is one. */
  void reportUnknownKeys() {
    for (String key : section.values().keySet()) {
      if (known.contains(key) || knownPrefixes.stream().anyMatch(key::startsWith)) {
        continue;
      }
      String hint =
          Suggestions.closest(key, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
      report(key, "unknown key '" + key + "' in section [" + section.name() + "]" + hint);
    }
  }

  /**
   * Reports a problem at the line of {@code key}, or at the section header when the key is absent.
   * The text must not contain a secret.
   */
  void report(String key, String text) {
    int line = section.get(key).map(IniValue::line).orElse(section.line());
    problems.add(new Problem(line, file.location(line) + ": " + text));
  }

  /** Throws every problem found, in file order; does nothing when there are none. */
  void throwIfProblems() {
    if (!problems.isEmpty()) {
      throw new ConfigException(
          problems.stream()
              .sorted(Comparator.comparingInt(Problem::line))
              .map(Problem::text)
              .toList());
    }
  }

  private static String echo(String value) {
    String oneLine = value.replace("\n", "\\n");
    return "'"
        + (oneLine.length() > MAX_ECHO ? oneLine.substring(0, MAX_ECHO) + "..." : oneLine)
        + "'";
  }
}
