package org.slapos.instancenode.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * The {@code hash} column of the instance and request databases: the lowercase hex SHA-256 of the
 * parameters as {@link PythonJson#dumps} writes them, equal to what the Python implementation
 * stores for the same parameters. Thread-safe.
 */
public final class ParameterHash {
  private ParameterHash() {}

  /** Returns the 64-character lowercase hex SHA-256 of {@code PythonJson.dumps(parameters)}. */
  public static String of(JsonNode parameters) {
    return ofDumped(PythonJson.dumps(parameters));
  }

  /** Same as {@link #of} for callers that already hold the {@link PythonJson#dumps} text. */
  public static String ofDumped(String dumped) {
    return Sha256.hex(dumped.getBytes(StandardCharsets.UTF_8));
  }
}
