package org.slapos.instancenode.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Objects;
import org.slapos.instancenode.files.FileErrors;
import org.slapos.instancenode.json.ParameterHash;

/**
 * A shared-instance schema found and read, not yet compiled: reading is cheap, compiling is not,
 * and a caller whose work is already done under this schema's {@link #fingerprint()} need not pay
 * for it. Immutable and thread-safe.
 */
public final class SchemaSource {
  private final Path file;
  private final JsonNode root;
  private final String named;
  private final String fingerprint;

  private SchemaSource(Path file, JsonNode root, String named) {
    this.file = file;
    this.root = root;
    this.named = named;
    this.fingerprint = ParameterHash.of(root);
  }

  /** The schema in {@code schemaFile}, named {@code slave-schema} in messages. */
  public static SchemaSource ofSchemaFile(Path schemaFile) {
    return ofSchemaFile(schemaFile, "slave-schema");
  }

  /**
   * The schema in {@code schemaFile}.
   *
   * @param key the configuration key ({@code slave-schema}) or option ({@code --schema}) that names
   *     the file, for messages
   * @throws SchemaLoadException naming the key and the file: missing, unreadable, not JSON or not
   *     an object
   */
  public static SchemaSource ofSchemaFile(Path schemaFile, String key) {
    Path file = schemaFile.toAbsolutePath().normalize();
    String named = FileErrors.named(key, file);
    JsonNode schema = JsonFiles.readObject(file, named);
    SoftwareDescription.refuseAsSchema(named, schema);
    return new SchemaSource(file, schema, named);
  }

  /**
   * The request schema of {@code softwareType} in {@code softwareCfgJson}, named {@code
   * software-schema} in messages.
   */
  public static SchemaSource ofSoftwareDescription(Path softwareCfgJson, String softwareType) {
    return ofSoftwareDescription(softwareCfgJson, softwareType, "software-schema");
  }

  /**
   * The request schema of the shared software type {@code softwareType} in the software release
   * description {@code softwareCfgJson} (the {@code software-schema} option), found as SlapOS's
   * slapconfiguration finds it: the {@code software-type} entry whose {@code software-type} is
   * {@code softwareType} and whose {@code shared} is {@code true}, its {@code request} resolved
   * against the description file.
   *
   * @param key the configuration key or option that names the description, for messages
   * @throws SchemaLoadException when the description is unusable, has no such shared software type
   *     (the message lists those it has), or the schema it points to cannot be read
   */
  public static SchemaSource ofSoftwareDescription(
      Path softwareCfgJson, String softwareType, String key) {
    Objects.requireNonNull(softwareType, "softwareType");
    Path description = softwareCfgJson.toAbsolutePath().normalize();
    String describedBy = FileErrors.named(key, description);
    Path file = SoftwareDescription.sharedRequestSchema(description, describedBy, softwareType);
    String named =
        describedBy
            + ": request schema "
            + file
            + " of shared software type '"
            + softwareType
            + "'";
    return new SchemaSource(file, JsonFiles.readObject(file, named), named);
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
    return new SharedInstanceSchema(
        SchemaCompiler.compile(file, root, named), Unstringifier.of(file.toUri(), root));
  }
}
