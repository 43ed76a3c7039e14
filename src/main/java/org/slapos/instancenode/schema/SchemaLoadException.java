package org.slapos.instancenode.schema;

/**
 * A shared-instance schema could not be loaded: a missing or unreadable file, bad JSON, a software
 * description without the requested shared software type, or a schema the validator rejects. The
 * message names the file and says what is wrong; it is meant for the operator as it is.
 */
public final class SchemaLoadException extends RuntimeException {

  SchemaLoadException(String message) {
    super(message);
  }

  SchemaLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
