package org.slapos.instancenode.json;

import java.util.Comparator;

/**
 * Orders strings by Unicode code point, as Python compares {@code str}.
 *
 * <p>{@link String#compareTo} compares UTF-16 units, which disagrees with code point order when a
 * surrogate pair (a code point above U+FFFF) meets a unit in U+E000..U+FFFF: the pair's high
 * surrogate (U+D800..U+DBFF) sorts first as a unit, but its code point is larger. Lone surrogates,
 * which JSON's backslash-u escapes can produce, count as their own code point, as in Python.
 */
public final class CodePointOrder implements Comparator<String> {
  public static final CodePointOrder INSTANCE = new CodePointOrder();

  private CodePointOrder() {}

  @Override
  public int compare(String a, String b) {
    int common = Math.min(a.length(), b.length());
    for (int i = 0; i < common; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return compareFrom(a, b, i, x, y);
      }
    }
    return a.length() - b.length();
  }

  /** Compares the code points of {@code a} and {@code b} that hold their first differing unit. */
  private static int compareFrom(String a, String b, int i, char x, char y) {
    if (x < Character.MIN_SURROGATE && y < Character.MIN_SURROGATE) {
      return x - y;
    }
    if (i > 0 && Character.isHighSurrogate(a.charAt(i - 1))) {
      // Both strings share this high surrogate. Where one completes it as a pair, the code
      // points differ from that high surrogate on: the pair is above U+FFFF, a lone high
      // surrogate below it, and two pairs compare by their low surrogates.
      boolean pairA = Character.isLowSurrogate(x);
      boolean pairB = Character.isLowSurrogate(y);
      if (pairA != pairB) {
        return pairA ? 1 : -1;
      }
      if (pairA) {
        return x - y;
      }
    }
    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
  }
}
