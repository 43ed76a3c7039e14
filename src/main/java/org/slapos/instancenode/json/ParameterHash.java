package org.slapos.instancenode.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code hash} column of the instance and request databases: the lowercase hex SHA-256 of the
 * parameters as {@link PythonJson#dumps} writes them, equal to what the Python implementation
 * stores for the same parameters. Thread-safe.
 */
public final class ParameterHash {
  // Looking a digest up by name costs more than hashing a typical parameter dict.
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(ParameterHash::newSha256);
  private static final HexFormat HEX = HexFormat.of();

  private ParameterHash() {}

  /** Returns the 64-character lowercase hex SHA-256 of {@code PythonJson.dumps(parameters)}. */
  public static String of(JsonNode parameters) {
    return ofDumped(PythonJson.dumps(parameters));
  }

  /** Same as {@link #of} for callers that already hold the {@link PythonJson#dumps} text. */
  public static String ofDumped(String dumped) {
    return HEX.formatHex(SHA_256.get().digest(dumped.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "this JVM has no SHA-256, which every Java SE must provide", e);
    }
  }
}
