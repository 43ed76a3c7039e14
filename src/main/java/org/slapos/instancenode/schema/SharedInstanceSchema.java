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
import org.slapos.instancenode.json.ParameterHash;

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
  private final String fingerprint;

  private SharedInstanceSchema(Schema schema, Unstringifier unstringifier, String fingerprint) {
    this.schema = schema;
    this.unstringifier = unstringifier;
    this.fingerprint = fingerprint;
  }

  /**
   * The schema in {@code schemaFile} (the {@code slave-schema} option). Relative {@code $ref}s
   * resolve against the file; they may only point to local files.
   *
   * @throws SchemaLoadException naming the file: missing, unreadable, not JSON, not an object, or
   *     not a schema the validator can compile (including a {@code $ref} it cannot load)
   */
  public static SharedInstanceSchema fromSchemaFile(Path schemaFile) {
    Path file = schemaFile.toAbsolutePath().normalize();
    JsonNode root = JsonFiles.readObject(file, "schema");
    return new SharedInstanceSchema(
        SchemaCompiler.compile(file, root),
        Unstringifier.of(file.toUri(), root),
        ParameterHash.of(root));
  }

  /**
   * The request schema of the shared software type {@code softwareType} in the software release
   * description {@code softwareCfgJson} (the {@code software-schema} option), found as SlapOS's
   * slapconfiguration finds it: the {@code software-type} entry whose {@code software-type} is
   * {@code softwareType} and whose {@code shared} is {@code true}, its {@code request} resolved
   * against the description file.
   *
   * @throws SchemaLoadException when the description is unusable, has no such shared software type
   *     (the message lists those it has), or the schema it points to cannot be loaded
   */
  public static SharedInstanceSchema fromSoftwareDescription(
      Path softwareCfgJson, String softwareType) {
    Objects.requireNonNull(softwareType, "softwareType");
    Path description = softwareCfgJson.toAbsolutePath().normalize();
    Path schemaFile = SoftwareDescription.sharedRequestSchema(description, softwareType);
    try {
      return fromSchemaFile(schemaFile);
    } catch (SchemaLoadException e) {
      throw new SchemaLoadException(
          e.getMessage()
              + " (request schema of shared software type '"
              + softwareType
              + "' in software description "
              + description
              + ")",
          e);
    }
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

  /**
   * Identifies the schema's content (not its file name): outcomes recorded under one fingerprint
   * need not be recomputed while it stays the same.
   */
  public String fingerprint() {
    return fingerprint;
  }

  private static SchemaError toSchemaError(Error error) {
    return new SchemaError(
        Messages.abbreviate(error.getInstanceLocation().toString()), error.getMessage());
  }
}
