package org.slapos.instancenode.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.slapos.instancenode.files.FileErrors;

/** Compiles a schema file with networknt, once, with every {@code $ref} loaded up front. */
final class SchemaCompiler {
  // Formats stay annotations, as the 2020-12 default and SlapOS (jsonschema without a format
  // checker) have them: asserting idn-hostname would reject entries that SlapOS accepts.
  private static final SchemaRegistryConfig CONFIG =
      SchemaRegistryConfig.builder()
          .pathType(PathType.JSON_PATH)
          .locale(Locale.ENGLISH)
          .messageSource(new AbbreviatingMessageSource())
          .build();

  private SchemaCompiler() {}

  /**
   * A thread-safe compiled schema. Schemas without {@code $schema} are read as draft 2020-12;
   * relative {@code $ref}s resolve against {@code file}.
   *
   * @param file the absolute, normalised path the schema was read from
   * @param root its content
   * @param named how the schema is named in messages ({@code slave-schema = /x/s.json})
   * @throws SchemaLoadException when the schema or a schema it references is unusable
   */
  static Schema compile(Path file, JsonNode root, String named) {
    // One registry per schema: its cache must not outlive a reload of changed files.
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder ->
                builder
                    .schemaRegistryConfig(CONFIG)
                    .resourceLoaders(loaders -> loaders.add(new LocalFileLoader())));
    try {
      Schema schema = registry.getSchema(SchemaLocation.of(file.toUri().toString()), root);
      // Loads every $ref target and compiles every keyword now, so that a broken reference or
      // pattern fails here, at load time, and validation never touches the file system.
      schema.initializeValidators();
      return schema;
    } catch (SchemaException e) {
      throw new SchemaLoadException(
          named + ": not a usable JSON Schema: " + e.getMessage() + because(e), e);
    }
  }

  // The validator's message names what it could not load but not why.
  private static String because(SchemaException e) {
    return e.getCause() instanceof IOException cause ? " (" + FileErrors.words(cause) + ")" : "";
  }
}
