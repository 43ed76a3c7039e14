package org.slapos.instancenode.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrintableTest {
  @Test
  void plainTextIsKeptAsItIs() {
    String text = "café-www.example.com ünïcode";
    assertSame(text, Printable.escape(text));
  }

  static Stream<Arguments> controls() {
    return Stream.of(
        Arguments.of("a\nb", "a\\nb"),
        Arguments.of("a\rb", "a\\rb"),
        Arguments.of("a\tb", "a\\tb"),
        Arguments.of("a\u001b[31mred", "a\\x1b[31mred"),
        Arguments.of("a\u0000b", "a\\x00b"),
        Arguments.of("a\u007fb", "a\\x7fb"),
        Arguments.of("a\u0085b", "a\\x85b"),
        Arguments.of("a\u202eb", "a\\u202eb"),
        Arguments.of("a\u2028b", "a\\u2028b"),
        Arguments.of("back\\slash", "back\\\\slash"),
        Arguments.of("LS1\udc80", "LS1\\udc80"),
        Arguments.of("high\ud83d", "high\\ud83d"),
        Arguments.of("\ud83d\ud83d\ude00", "\\ud83d\ud83d\ude00"),
        Arguments.of("pair \ud83d\ude00 kept", "pair \ud83d\ude00 kept"));
  }

  @ParameterizedTest
  @MethodSource("controls")
  void controlCharactersAreEscaped(String value, String expected) {
    assertEquals(expected, Printable.escape(value));
  }

  @Test
  void nullIsPrintedAsNull() {
    assertEquals("null", Printable.escape(null));
  }
}
