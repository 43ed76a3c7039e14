package org.slapos.instancenode.json;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lowercase hex SHA-256 digests. Thread-safe. */
public final class Sha256 {
  // Looking a digest up by name costs more than hashing a typical parameter dict.
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(Sha256::newDigest);
  private static final HexFormat HEX = HexFormat.of();

  private Sha256() {}

  /** The 64-character lowercase hex SHA-256 of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(DIGEST.get().digest(bytes));
  }

  /** A new SHA-256 digest, for content hashed piece by piece. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "this JVM has no SHA-256, which every Java SE must provide", e);
    }
  }
}
