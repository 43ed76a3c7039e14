package org.slapos.instancenode.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slapos.instancenode.json.Json;

/**
 * The JSON Schema (draft 2020-12 unless it says otherwise) of a software release's shared
 * instances, compiled once, against which each entry's parameters are validated.
 *
 * <p>Thread-safe and immutable: build one per schema file and share it across entries and threads.
 * Loading reads every file the schema references; validation touches no file.
 */
public final class SharedInstanceSchema {
  private static final Comparator<Error> BY_LOCATION =
      Comparator.comparing(Error::getInstanceLocation, PathOrder.INSTANCE);

  private final Schema schema;
  private final Unstringifier unstringifier;

  SharedInstanceSchema(Schema schema, Unstringifier unstringifier) {
    this.schema = schema;
    this.unstringifier = unstringifier;
  }

  /**
   * The schema in {@code schemaFile} (the {@code slave-schema} option), compiled. Relative {@code
   * $ref}s resolve against the file; they may only point to local files.
   *
   * @throws SchemaLoadException naming the file: missing, unreadable, not JSON, not an object, or
   *     not a schema the validator can compile (including a {@code $ref} it cannot load)
   */
  public static SharedInstanceSchema fromSchemaFile(Path schemaFile) {
    return SchemaSource.ofSchemaFile(schemaFile).compile();
  }

  /**
   * The request schema of a shared software type in a software release description, compiled; see
   * {@link SchemaSource#ofSoftwareDescription}.
   *
   * @throws SchemaLoadException when the description is unusable, has no such shared software type
   *     (the message lists those it has), or the schema it points to cannot be loaded
   */
  public static SharedInstanceSchema fromSoftwareDescription(
      Path softwareCfgJson, String softwareType) {
    return SchemaSource.ofSoftwareDescription(softwareCfgJson, softwareType).compile();
  }

  /**
   * Validates one entry's parameters. Parameters given as one key {@code _} holding a JSON string
   * (SlapOS's json-in-xml) are unwrapped first; with {@code unstringify}, string values of
   * properties declared {@code integer}, {@code number} or {@code boolean} are converted when they
   * parse. Never mutates {@code rawParameters}.
   *
   * @return the parameters as validated and every error found; a non-object input gives one error
   *     at {@code $}, a {@code _} that does not hold a JSON object one error at {@code $._}
   */
  public SchemaValidation validate(JsonNode rawParameters, boolean unstringify) {
    Objects.requireNonNull(rawParameters, "rawParameters");
    if (!rawParameters.isObject()) {
      return new SchemaValidation(
          Json.MAPPER.createObjectNode(),
          List.of(
              new SchemaError(
                  "$",
                  "parameters must be a JSON object, found " + Messages.kindOf(rawParameters))));
    }
    JsonInXml.Unwrapped unwrapped = JsonInXml.unwrap((ObjectNode) rawParameters);
    ObjectNode parameters = unwrapped.parameters();
    if (unwrapped.error() != null) {
      return new SchemaValidation(parameters, List.of(unwrapped.error()));
    }
    if (unstringify) {
      unstringifier.applyTo(parameters);
    }
    List<SchemaError> errors =
        schema.validate(parameters).stream()
            .sorted(BY_LOCATION) // stable: the validator's order within one location
            .map(SharedInstanceSchema::toSchemaError)
            .toList();
    return new SchemaValidation(parameters, errors);
  }

  private static SchemaError toSchemaError(Error error) {
    return new SchemaError(
        Messages.abbreviate(error.getInstanceLocation().toString()), error.getMessage());
  }
}
