package org.slapos.instancenode.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slapos.instancenode.files.FileErrors;

/**
 * An INI file read with the semantics of Python 3's {@code configparser.RawConfigParser}, which the
 * Python implementation uses for its configuration:
 *
 * <ul>
 *   <li>{@code [section]} headers; section names are case-sensitive;
 *   <li>{@code key = value} or {@code key: value}, split at the first {@code =} or {@code :}; keys
 *       are stripped and lower-cased, values stripped; no interpolation;
 *   <li>whole-line comments starting with {@code #} or {@code ;} (there are no inline comments);
 *   <li>a line indented deeper than its key continues the value, joined with {@code \n}; an empty
 *       line ends the value (Python would keep it inside the value: the one deliberate difference);
 *   <li>{@code [DEFAULT]} values are inherited by every section and {@code [DEFAULT]} itself is not
 *       listed as a section;
 *   <li>a duplicate section, a duplicate key within a section, a key before any section header, or
 *       a line that is none of the above is an error, reported as {@code FILE:LINE: what}.
 * </ul>
 *
 * <p>Error messages never echo the offending line, which could hold a secret. Immutable and
 * thread-safe.
 */
public final class IniFile {
  static final String DEFAULT_SECTION = "DEFAULT";

  private final String sourceName;
  private final Path baseDirectory;
  private final Map<String, IniSection> sections;

  IniFile(String sourceName, Path baseDirectory, Map<String, IniSection> sections) {
    this.sourceName = sourceName;
    this.baseDirectory = baseDirectory;
    this.sections = sections;
  }

  /**
   * Reads and parses {@code file} (UTF-8). Relative paths in it will be resolved against the file's
   * directory.
   *
   * @throws ConfigException when the file cannot be read or is malformed
   */
  public static IniFile parse(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": " + FileErrors.words(e));
    }
    Path directory = file.toAbsolutePath().normalize().getParent();
    return new IniParser(file.toString(), directory).parse(text);
  }

  /**
   * Parses {@code text}; {@code sourceName} names it in error messages. Relative paths in it will
   * be resolved against the working directory.
   *
   * @throws ConfigException when the text is malformed
   */
  public static IniFile parse(String text, String sourceName) {
    return new IniParser(sourceName, Path.of("").toAbsolutePath()).parse(text);
  }

  /** The file name, or the name given to {@link #parse(String, String)}. */
  public String sourceName() {
    return sourceName;
  }

  /** The absolute directory against which relative paths in this file are resolved. */
  public Path baseDirectory() {
    return baseDirectory;
  }

  /** The section names in file order, without {@code DEFAULT}. */
  public List<String> sectionNames() {
    return List.copyOf(sections.keySet());
  }

  /** The section called exactly {@code name}, with its inherited {@code [DEFAULT]} values. */
  public Optional<IniSection> section(String name) {
    return Optional.ofNullable(sections.get(name));
  }

  /** {@code FILE:LINE}, the prefix of messages about that line. */
  public String location(int line) {
    return sourceName + ":" + line;
  }
}
