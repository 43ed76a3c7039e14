package org.slapos.instancenode.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodePointOrderTest {
  /** Pairs (lower, higher) in Python's str order. */
  static Stream<Arguments> orderedPairs() {
    return Stream.of(
        Arguments.of("", "a"),
        Arguments.of("a", "ab"),
        Arguments.of("A", "a"),
        Arguments.of("\u00e9", "\u4e2d"),
        Arguments.of("\uffff", "\uD800\uDC00"), // U+FFFF < U+10000
        Arguments.of("\ue000", "\uD83D\uDE00"), // U+E000 < U+1F600
        Arguments.of("\uD83D\uDDFF", "\uD83D\uDE00"), // U+1F5FF < U+1F600
        Arguments.of("\uD7FF", "\uD800"), // lone high surrogate is code point U+D800
        Arguments.of("\uD800", "\ue000"), // ...which is below U+E000, unlike a pair
        Arguments.of("\uDC00", "\ue000"),
        Arguments.of("\uD800", "\uDC00"),
        Arguments.of("\uD83D", "\uD83Da"), // prefix
        Arguments.of("\uD83Da", "\uD83D\uffff"), // lone U+D83D then a < U+FFFF
        Arguments.of("\uD83D\uffff", "\uD83D\uDE00"), // lone U+D83D < U+1F600
        Arguments.of("x\uD83D\uffff", "x\uD83D\uDE00"));
  }

  @ParameterizedTest
  @MethodSource("orderedPairs")
  void ordersAsPythonComparesCodePoints(String lower, String higher) {
    assertTrue(CodePointOrder.INSTANCE.compare(lower, higher) < 0, "lower before higher");
    assertTrue(CodePointOrder.INSTANCE.compare(higher, lower) > 0, "higher after lower");
  }

  @Test
  void equalStringsCompareEqual() {
    assertEquals(0, CodePointOrder.INSTANCE.compare("a\uD83D\uDE00", "a\uD83D\uDE00"));
  }
}
