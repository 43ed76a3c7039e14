package org.slapos.instancenode.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slapos.instancenode.schema.SharedInstanceSchemaTest.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Conversion of stringified values to the types a schema declares, on made-up schemas. */
class UnstringifyTest {
  private static final String TYPED_SCHEMA =
      """
      {"type": "object",
       "properties": {
         "port": {"type": "integer"},
         "ratio": {"type": "number"},
         "verify": {"type": "boolean"},
         "maybe-port": {"type": ["integer", "null"]},
         "port-or-name": {"type": ["integer", "string"]},
         "backend": {"type": "object", "properties": {"port": {"type": "integer"}}}
       }}
      """;

  @TempDir Path dir;

  private SharedInstanceSchema schema(String content) throws IOException {
    return SharedInstanceSchema.fromSchemaFile(
        Files.writeString(dir.resolve("schema.json"), content));
  }

  private static JsonNode converted(SharedInstanceSchema schema, String field, String text) {
    ObjectNode entry = json("{}").put(field, text);
    return schema.validate(entry, true).parameters().get(field);
  }

  @ParameterizedTest(name = "{0} = \"{1}\" -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          port         | 80                              | 80
          port         | ' 42 '                          | 42
          port         | +7                              | 7
          port         | -3                              | -3
          port         | 1_000                           | 1000
          port         | 123456789012345678901234567890  | 123456789012345678901234567890
          port         | 1.0                             | "1.0"
          port         | 80a                             | "80a"
          port         | 1__0                            | "1__0"
          ratio        | 1.5                             | 1.5
          ratio        | 80                              | 80
          ratio        | 1e3                             | 1000.0
          ratio        | 1e400                           | "1e400"
          ratio        | nan                             | "nan"
          verify       | true                            | true
          verify       | false                           | false
          verify       | yes                             | "yes"
          verify       | True                            | "True"
          maybe-port   | 8080                            | 8080
          port-or-name | 8080                            | "8080"
          """)
  void stringIsConvertedToTheDeclaredTypeWhenItParses(String field, String text, String expected)
      throws IOException {
    assertEquals(
        json("{\"v\": " + expected + "}").get("v"), converted(schema(TYPED_SCHEMA), field, text));
  }

  @Test
  void nestedObjectPropertiesAreConverted() throws IOException {
    SharedInstanceSchema schema = schema(TYPED_SCHEMA);

    SchemaValidation validation =
        schema.validate(json("{\"backend\": {\"port\": \"8443\"}}"), true);

    assertEquals(List.of(), validation.errors());
    assertEquals(json("{\"backend\": {\"port\": 8443}}"), validation.parameters());
  }

  @Test
  void typesBehindRefAndAllOfAreFollowed() throws IOException {
    Files.writeString(
        dir.resolve("types.json"), "{\"$defs\": {\"flag\": {\"type\": \"boolean\"}}}");
    SharedInstanceSchema schema =
        schema(
            """
            {"$ref": "#/$defs/base",
             "allOf": [{"properties": {"verify": {"$ref": "types.json#/$defs/flag"}}}],
             "$defs": {"base": {"properties": {"port": {"$ref": "#/$defs/port"}}},
                       "port": {"type": "integer", "minimum": 1}}}
            """);

    SchemaValidation validation =
        schema.validate(json("{\"port\": \"80\", \"verify\": \"true\"}"), true);

    assertEquals(List.of(), validation.errors());
    assertEquals(json("{\"port\": 80, \"verify\": true}"), validation.parameters());
  }

  @Test
  void recursiveSchemaLoadsAndConvertsItsTopLevel() throws IOException {
    SharedInstanceSchema schema =
        schema(
            """
            {"$ref": "#/$defs/node",
             "$defs": {"node": {"type": "object",
                                "properties": {"size": {"type": "integer"},
                                               "child": {"$ref": "#/$defs/node"}}}}}
            """);

    SchemaValidation validation = schema.validate(json("{\"size\": \"3\", \"child\": {}}"), true);

    assertEquals(List.of(), validation.errors());
    assertEquals(json("{\"size\": 3, \"child\": {}}"), validation.parameters());
  }

  @Test
  void nothingIsConvertedWhenNotAsked() throws IOException {
    ObjectNode entry = json("{\"port\": \"80\", \"verify\": \"true\"}");

    SchemaValidation validation = schema(TYPED_SCHEMA).validate(entry, false);

    assertEquals(entry, validation.parameters());
    assertEquals(
        List.of(
            "$.port: string found, integer expected", "$.verify: string found, boolean expected"),
        validation.errors().stream().map(SchemaError::toString).toList());
  }
}
