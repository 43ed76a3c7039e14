package org.slapos.instancenode.dns;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The node's secret that keys the HMAC of DNS challenge tokens. Immutable and thread-safe; its
 * bytes never leave it except into a {@link Mac}, and {@link #toString()} shows none of them.
 */
public final class ChallengeSecret {
  static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;

  private ChallengeSecret(byte[] key) {
    this.key = key;
  }

  /** The secret given as text (inline or a file's content): its UTF-8 bytes key the HMAC. */
  static ChallengeSecret of(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a challenge secret cannot be empty");
    }
    return new ChallengeSecret(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A new HMAC-SHA256 keyed with this secret; a {@link Mac} is not thread-safe, hence one each. */
  Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java runtime provides HmacSHA256 and accepts keys of any non-zero length.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "ChallengeSecret[<redacted>]";
  }
}
