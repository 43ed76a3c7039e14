package org.slapos.instancenode.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ChallengeTokensTest {
  private static final String SECRET_TEXT = "a long random secret";
  private static final ChallengeSecret SECRET = ChallengeSecret.of(SECRET_TEXT);

  private static byte[] nonce(int first) {
    byte[] nonce = new byte[16];
    for (int i = 0; i < nonce.length; i++) {
      nonce[i] = (byte) (first + i);
    }
    return nonce;
  }

  private static Supplier<byte[]> fixed(int first) {
    return () -> nonce(first);
  }

  @Test
  void theTokenIsTheHmacOfTheLengthPrefixedInputs() {
    // Computed independently with Python's hmac module over
    // len(reference) reference len(domain) domain len(nonce) nonce, lengths as 4-byte big-endian.
    assertEquals(
        "06f537e1ea0afd4f594cd3404cf7626de5841104404e62d012fce697bd4684b0",
        new ChallengeTokens(SECRET, fixed(0)).issue("SLAVE-1", "www.example.com"));
  }

  @Test
  void theSameNonceGivesTheSameToken() {
    ChallengeTokens tokens = new ChallengeTokens(SECRET, fixed(7));

    assertEquals(
        tokens.issue("SLAVE-1", "www.example.com"), tokens.issue("SLAVE-1", "www.example.com"));
  }

  @Test
  void aDifferentNonceGivesADifferentToken() {
    AtomicInteger calls = new AtomicInteger();
    ChallengeTokens tokens = new ChallengeTokens(SECRET, () -> nonce(calls.getAndIncrement()));

    assertNotEquals(
        tokens.issue("SLAVE-1", "www.example.com"), tokens.issue("SLAVE-1", "www.example.com"));
  }

  @Test
  void inputsAreSeparatedUnambiguously() {
    ChallengeTokens tokens = new ChallengeTokens(SECRET, fixed(0));

    assertNotEquals(
        tokens.issue("SLAVE-1", "1.example.com"), tokens.issue("SLAVE-11", ".example.com"));
  }

  @Test
  void aDifferentSecretGivesADifferentToken() {
    assertNotEquals(
        new ChallengeTokens(SECRET, fixed(0)).issue("SLAVE-1", "www.example.com"),
        new ChallengeTokens(ChallengeSecret.of("another secret"), fixed(0))
            .issue("SLAVE-1", "www.example.com"));
  }

  @Test
  void randomTokensAreDistinctHexThatFitsATxtRecord() {
    ChallengeTokens tokens = new ChallengeTokens(SECRET);
    Set<String> issued = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String token = tokens.issue("SLAVE-1", "www.example.com");
      assertTrue(token.matches("[0-9a-f]{64}"), token);
      issued.add(token);
    }

    assertEquals(100, issued.size());
  }

  @Test
  void aShortNonceIsRefused() {
    ChallengeTokens tokens = new ChallengeTokens(SECRET, () -> new byte[15]);

    assertThrows(IllegalStateException.class, () -> tokens.issue("SLAVE-1", "example.com"));
  }

  @Test
  void theSecretNeverShowsInToString() {
    assertFalse(SECRET.toString().contains(SECRET_TEXT));
    assertFalse(new ChallengeTokens(SECRET).toString().contains(SECRET_TEXT));
  }
}
