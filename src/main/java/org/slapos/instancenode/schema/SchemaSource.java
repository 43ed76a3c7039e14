package org.slapos.instancenode.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Objects;
import org.slapos.instancenode.json.ParameterHash;

/**
 * A shared-instance schema found and read, not yet compiled: reading is cheap, compiling is not,
 * and a caller whose work is already done under this schema's {@link #fingerprint()} need not pay
 * for it. Immutable and thread-safe.
 */
public final class SchemaSource {
  private final Path file;
  private final JsonNode root;
  private final String origin;
  private final String fingerprint;

  private SchemaSource(Path file, JsonNode root, String origin) {
    this.file = file;
    this.root = root;
    this.origin = origin;
    this.fingerprint = ParameterHash.of(root);
  }

  /**
   * The schema in {@code schemaFile} (the {@code slave-schema} option).
   *
   * @throws SchemaLoadException naming the file: missing, unreadable, not JSON or not an object
   */
  public static SchemaSource ofSchemaFile(Path schemaFile) {
    Path file = schemaFile.toAbsolutePath().normalize();
    JsonNode schema = JsonFiles.readObject(file, "schema");
    SoftwareDescription.refuseAsSchema(file, schema);
    return new SchemaSource(file, schema, "");
  }

  /**
   * The request schema of the shared software type {@code softwareType} in the software release
   * description {@code softwareCfgJson} (the {@code software-schema} option), found as SlapOS's
   * slapconfiguration finds it: the {@code software-type} entry whose {@code software-type} is
   * {@code softwareType} and whose {@code shared} is {@code true}, its {@code request} resolved
   * against the description file.
   *
   * @throws SchemaLoadException when the description is unusable, has no such shared software type
   *     (the message lists those it has), or the schema it points to cannot be read
   */
  public static SchemaSource ofSoftwareDescription(Path softwareCfgJson, String softwareType) {
    Objects.requireNonNull(softwareType, "softwareType");
    Path description = softwareCfgJson.toAbsolutePath().normalize();
    String origin =
        " (request schema of shared software type '"
            + softwareType
            + "' in software description "
            + description
            + ")";
    Path file = SoftwareDescription.sharedRequestSchema(description, softwareType);
    try {
      return new SchemaSource(file, JsonFiles.readObject(file, "schema"), origin);
    } catch (SchemaLoadException e) {
      throw new SchemaLoadException(e.getMessage() + origin, e);
    }
  }

  /** Identifies the schema's content (not its file name). */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * Compiles the schema, reading every file it references.
   *
   * @throws SchemaLoadException when the validator cannot compile it (including a {@code $ref} it
   *     cannot load)
   */
  public SharedInstanceSchema compile() {
    try {
      return new SharedInstanceSchema(
          SchemaCompiler.compile(file, root), Unstringifier.of(file.toUri(), root));
    } catch (SchemaLoadException e) {
      throw origin.isEmpty() ? e : new SchemaLoadException(e.getMessage() + origin, e);
    }
  }
}
