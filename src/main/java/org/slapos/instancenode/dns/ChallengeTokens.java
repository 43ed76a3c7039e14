package org.slapos.instancenode.dns;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.Mac;

/**
 * Issues DNS challenge tokens: HMAC-SHA256, keyed with the node's {@link ChallengeSecret}, over the
 * entry reference, the domain and a random nonce, as 64 lower-case hex digits (safe in a TXT record
 * and in every DNS provider's form).
 *
 * <p>Each input is length-prefixed (4 bytes, big-endian) before its bytes, so no two different
 * (reference, domain, nonce) triples feed the HMAC the same bytes. The nonce makes every token new,
 * even for an entry asking again for a domain it had: a token is not derivable from public facts
 * even by someone who later learns an old one.
 *
 * <p>Tokens are not verified by recomputing them: the caller persists each token before showing it
 * and compares DNS answers with the stored value. Thread-safe.
 */
public final class ChallengeTokens {
  /** Bytes of nonce: 128 bits, enough that two tokens never share one. */
  public static final int MIN_NONCE_BYTES = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ChallengeSecret secret;
  private final Supplier<byte[]> nonces;

  /** Tokens with nonces of 32 bytes from {@link SecureRandom}. */
  public ChallengeTokens(ChallengeSecret secret) {
    this(secret, ChallengeTokens::randomNonce);
  }

  /**
   * Tokens with nonces from {@code nonces} (tests inject a fixed source).
   *
   * @param nonces returns at least {@link #MIN_NONCE_BYTES} bytes on each call; must be thread-safe
   */
  public ChallengeTokens(ChallengeSecret secret, Supplier<byte[]> nonces) {
    this.secret = Objects.requireNonNull(secret, "secret");
    this.nonces = Objects.requireNonNull(nonces, "nonces");
  }

  /** A new token for {@code reference} asking for {@code domain}. */
  public String issue(String reference, String domain) {
    byte[] nonce = nonces.get();
    if (nonce.length < MIN_NONCE_BYTES) {
      throw new IllegalStateException(
          "the nonce source gave " + nonce.length + " bytes, fewer than " + MIN_NONCE_BYTES);
    }
    Mac mac = secret.newMac();
    update(mac, reference.getBytes(StandardCharsets.UTF_8));
    update(mac, domain.getBytes(StandardCharsets.UTF_8));
    update(mac, nonce);
    return HexFormat.of().formatHex(mac.doFinal());
  }

  private static void update(Mac mac, byte[] input) {
    mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(input.length).array());
    mac.update(input);
  }

  private static byte[] randomNonce() {
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    return nonce;
  }

  @Override
  public String toString() {
    return "ChallengeTokens[secret=<redacted>]";
  }
}
