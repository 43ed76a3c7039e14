package org.slapos.instancenode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IniFileTest {

  private static IniSection section(String text, String name) {
    return IniFile.parse(text, "test.cfg").section(name).orElseThrow();
  }

  private static String value(String text, String key) {
    return section(text, "s").get(key).orElseThrow().text();
  }

  private static String error(String text) {
    return assertThrows(ConfigException.class, () -> IniFile.parse(text, "test.cfg")).getMessage();
  }

  @Test
  void keyAndValueSplitAtTheFirstEqualsOrColon() {
    String text =
        """
        [s]
        a = 1
        b: 2
        c = http://example.com:80/x
        d: x = y
        e=
        """;
    assertEquals("1", value(text, "a"));
    assertEquals("2", value(text, "b"));
    assertEquals("http://example.com:80/x", value(text, "c"));
    assertEquals("x = y", value(text, "d"));
    assertEquals("", value(text, "e"));
  }

  @Test
  void keysAreStrippedAndLowerCasedAndValuesStripped() {
    IniSection s = section("[s]\n  Mixed-CASE_Key   =   some Value  \n", "s");
    assertEquals(List.of("mixed-case_key"), List.copyOf(s.values().keySet()));
    assertEquals("some Value", s.get("MIXED-case_key").orElseThrow().text());
  }

  @Test
  void onlyWholeLinesAreComments() {
    String text =
        """
        # a comment
        [s]
        ; another comment
          # an indented comment
        a = value # not a comment
        b = value ; not a comment either
        """;
    assertEquals("value # not a comment", value(text, "a"));
    assertEquals("value ; not a comment either", value(text, "b"));
    assertEquals(2, section(text, "s").values().size());
  }

  @Test
  void indentedLinesContinueTheValueAcrossComments() {
    String text = "[s]\na = first\n  second\n# comment\n\tthird\nb = other\n";
    assertEquals("first\nsecond\nthird", value(text, "a"));
    assertEquals("other", value(text, "b"));
  }

  @Test
  void anEmptyLineEndsAMultiLineValue() {
    String text = "[s]\na = first\n  second\n\n  b = new key\n";
    assertEquals("first\nsecond", value(text, "a"));
    assertEquals("new key", value(text, "b"));
  }

  @Test
  void valuesRememberTheLineOfTheirKey() {
    IniSection s = section("\n[s]\n\na = 1\n  more\nb = 2\n", "s");
    assertEquals(2, s.line());
    assertEquals(4, s.get("a").orElseThrow().line());
    assertEquals(6, s.get("b").orElseThrow().line());
  }

  @Test
  void defaultValuesAreInheritedAndOverridden() {
    String text =
        """
        [first]
        own = 1
        shared = mine
        [DEFAULT]
        shared = default
        inherited = yes
        [second]
        """;
    IniFile file = IniFile.parse(text, "test.cfg");
    assertEquals(List.of("first", "second"), file.sectionNames());
    IniSection first = file.section("first").orElseThrow();
    assertEquals("mine", first.get("shared").orElseThrow().text());
    assertEquals("yes", first.get("inherited").orElseThrow().text());
    assertEquals(List.of("shared", "inherited", "own"), List.copyOf(first.values().keySet()));
    IniSection second = file.section("second").orElseThrow();
    assertEquals("default", second.get("shared").orElseThrow().text());
    assertEquals(5, second.get("shared").orElseThrow().line());
    assertTrue(file.section("DEFAULT").isEmpty());
  }

  @Test
  void sectionNamesAreCaseSensitive() {
    IniFile file = IniFile.parse("[Node]\na = 1\n[node]\na = 2\n", "test.cfg");
    assertEquals("1", file.section("Node").orElseThrow().get("a").orElseThrow().text());
    assertEquals("2", file.section("node").orElseThrow().get("a").orElseThrow().text());
    assertTrue(file.section("NODE").isEmpty());
  }

  @Test
  void windowsLineEndingsAndByteOrderMarkAreAccepted() {
    assertEquals("1", value("\uFEFF[s]\r\na = 1\r\nb = 2\r\n", "a"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[s]\\na = 1\\n[t]\\n[s]\\n         | test.cfg:4: duplicate section [s] (first at line 1)",
        "[s]\\na = 1\\nA = 2\\n             | test.cfg:3: duplicate key 'a' in section [s] (first at line 2)",
        "# comment\\na = 1\\n[s]\\n         | test.cfg:2: 'key = value' line before any [section] header",
        "[s]\\njust words\\n                | test.cfg:2: neither a [section] header",
        "[s]\\n= value\\n                   | test.cfg:2: no key before '='",
        "[s]\\n[t\\n                        | test.cfg:2: section header without closing ']'",
        "[]\\n                              | test.cfg:1: empty section name",
      })
  void malformedInputIsReportedWithItsLine(String text, String expected) {
    String message = error(text.strip().replace("\\n", "\n"));
    assertTrue(message.startsWith(expected), message);
  }

  @Test
  void errorsDoNotEchoTheOffendingLine() {
    String message = error("[s]\nverification-secret =\nhunter2-very-secret\n");
    assertTrue(message.startsWith("test.cfg:3: "), message);
    assertFalse(message.contains("hunter2"), message);
  }

  @Test
  void aFileResolvesRelativePathsAgainstItsDirectory(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("node.cfg"), "[s]\na = 1\n");
    IniFile ini = IniFile.parse(file);
    assertEquals(dir.toAbsolutePath().normalize(), ini.baseDirectory());
    assertEquals(file.toString(), ini.sourceName());
    assertEquals(file + ":3", ini.location(3));
  }

  @Test
  void aMissingFileIsAConfigError(@TempDir Path dir) {
    Path missing = dir.resolve("absent.cfg");
    ConfigException e = assertThrows(ConfigException.class, () -> IniFile.parse(missing));
    assertEquals(missing + ": does not exist", e.getMessage());
  }
}
