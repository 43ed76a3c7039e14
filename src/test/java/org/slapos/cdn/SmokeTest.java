package org.slapos.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void arithmeticWorks() {
    assertEquals(2, 1 + 1);
  }
}
