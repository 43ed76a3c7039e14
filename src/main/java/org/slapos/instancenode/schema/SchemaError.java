package org.slapos.instancenode.schema;

import java.util.Objects;

/**
 * One reason why parameters do not satisfy the schema.
 *
 * @param path where in the parameters, as a JSON path from the root {@code $}: dot notation for
 *     names made of letters, digits and {@code _} ({@code $.custom_domain}), bracket notation
 *     otherwise ({@code $['server-alias']}); errors about the object itself (a missing required
 *     property, a forbidden additional one) point at the object ({@code $})
 * @param message what is wrong, in English; values longer than about 80 characters are abbreviated,
 *     so it never repeats a certificate or a key
 */
public record SchemaError(String path, String message) {

  public SchemaError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code path: message}, the form shown to users and stored in error lists. */
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
