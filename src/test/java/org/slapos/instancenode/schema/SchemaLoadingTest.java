package org.slapos.instancenode.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.schema.SharedInstanceSchemaTest.RAPID_CDN;
import static org.slapos.instancenode.schema.SharedInstanceSchemaTest.json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loading schemas from files and from a software release description, and how loading fails. */
class SchemaLoadingTest {
  private static final Path SOFTWARE_CFG_JSON = RAPID_CDN.resolve("software.cfg.json");

  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static List<String> errors(SharedInstanceSchema schema, String parameters) {
    return schema.validate(json(parameters), true).errors().stream()
        .map(SchemaError::toString)
        .toList();
  }

  private static void assertMessageContains(SchemaLoadException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), () -> e.getMessage() + " lacks " + part);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "custom-personal"})
  void sharedSoftwareTypeLeadsToTheSlaveSchema(String softwareType) {
    SharedInstanceSchema schema =
        SharedInstanceSchema.fromSoftwareDescription(SOFTWARE_CFG_JSON, softwareType);

    assertEquals(List.of(), errors(schema, "{\"url\": \"https://a.example\"}"));
    assertEquals(
        List.of(
            "$.type: does not have a value in the enumeration"
                + " [\"\", \"zope\", \"redirect\", \"notebook\", \"websocket\"]"),
        errors(schema, "{\"type\": \"apache\"}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-such-type", "kedifa", "default-slave"})
  void unknownOrUnsharedSoftwareTypeListsTheSharedOnes(String softwareType) {
    SchemaLoadException e =
        assertThrows(
            SchemaLoadException.class,
            () -> SharedInstanceSchema.fromSoftwareDescription(SOFTWARE_CFG_JSON, softwareType));

    assertMessageContains(
        e,
        "software.cfg.json",
        "no shared software type named '" + softwareType + "'",
        "'custom-personal', 'default'");
  }

  @Test
  void requestSchemaResolvesAgainstTheDescriptionFile() throws IOException {
    write("schemas/cdn.json", "{\"properties\": {\"port\": {\"type\": \"integer\"}}}");
    Path description =
        write(
            "software.cfg.json",
            """
            {"software-type": {"cdn-slave": {"software-type": "cdn", "shared": true,
              "request": "schemas/cdn.json"}}}
            """);

    SharedInstanceSchema schema = SharedInstanceSchema.fromSoftwareDescription(description, "cdn");

    assertEquals(List.of(), errors(schema, "{\"port\": \"80\"}"));
    assertEquals(
        List.of("$.port: string found, integer expected"), errors(schema, "{\"port\": \"x\"}"));
  }

  @Test
  void missingRequestSchemaNamesItAndTheSoftwareType() throws IOException {
    Path description =
        write(
            "software.cfg.json",
            """
            {"software-type": {"cdn-slave": {"software-type": "cdn", "shared": true,
              "request": "absent.json"}}}
            """);

    SchemaLoadException e =
        assertThrows(
            SchemaLoadException.class,
            () -> SharedInstanceSchema.fromSoftwareDescription(description, "cdn"));

    assertEquals(
        "software-schema = "
            + description
            + ": request schema "
            + dir.resolve("absent.json")
            + " of shared software type 'cdn': does not exist",
        e.getMessage());
  }

  @Test
  void remoteRequestSchemaIsRefused() throws IOException {
    Path description =
        write(
            "software.cfg.json",
            """
            {"software-type": {"cdn-slave": {"software-type": "cdn", "shared": true,
              "request": "https://example.com/cdn.json"}}}
            """);

    SchemaLoadException e =
        assertThrows(
            SchemaLoadException.class,
            () -> SharedInstanceSchema.fromSoftwareDescription(description, "cdn"));

    assertMessageContains(e, "'cdn-slave'", "not a local file: https://example.com/cdn.json");
  }

  @Test
  void missingSchemaFileIsNamed() {
    Path missing = dir.resolve("nope.json");

    SchemaLoadException e =
        assertThrows(SchemaLoadException.class, () -> SharedInstanceSchema.fromSchemaFile(missing));

    assertEquals("slave-schema = " + missing + ": does not exist", e.getMessage());
  }

  @Test
  void schemaThatIsNotJsonIsNamedWithWhereItBreaks() throws IOException {
    Path broken = write("broken.json", "{\n  \"type\": \"object\",\n  oops\n}");

    SchemaLoadException e =
        assertThrows(SchemaLoadException.class, () -> SharedInstanceSchema.fromSchemaFile(broken));

    assertEquals("slave-schema = " + broken + ": not JSON (line 3, column 3)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"object\"", ""})
  void schemaThatIsNotAnObjectIsRefused(String content) throws IOException {
    Path file = write("odd.json", content);

    SchemaLoadException e =
        assertThrows(SchemaLoadException.class, () -> SharedInstanceSchema.fromSchemaFile(file));

    assertMessageContains(e, "slave-schema = " + file + ": ");
  }

  @Test
  void descriptionThatIsNotJsonIsNamed() throws IOException {
    Path description = write("software.cfg.json", "not json");

    SchemaLoadException e =
        assertThrows(
            SchemaLoadException.class,
            () -> SharedInstanceSchema.fromSoftwareDescription(description, "default"));

    assertEquals(
        "software-schema = " + description + ": not JSON (line 1, column 1)", e.getMessage());
  }

  @Test
  void relativeRefResolvesAgainstTheSchemaFile() throws IOException {
    write(
        "defs/common.json", "{\"$defs\": {\"port\": {\"type\": \"integer\", \"maximum\": 65535}}}");
    Path main =
        write(
            "main.json",
            """
            {"type": "object",
             "properties": {"port": {"$ref": "defs/common.json#/$defs/port"}}}
            """);

    SharedInstanceSchema schema = SharedInstanceSchema.fromSchemaFile(main);

    assertEquals(List.of(), errors(schema, "{\"port\": \"443\"}"));
    assertEquals(
        List.of("$.port: must have a maximum value of 65535"), errors(schema, "{\"port\": 70000}"));
  }

  @Test
  void refToAMissingFileFailsAtLoadTime() throws IOException {
    Path main =
        write("main.json", "{\"properties\": {\"port\": {\"$ref\": \"defs/absent.json\"}}}");

    SchemaLoadException e =
        assertThrows(SchemaLoadException.class, () -> SharedInstanceSchema.fromSchemaFile(main));

    assertMessageContains(
        e, "slave-schema = " + main + ": not a usable JSON Schema", "absent.json (does not exist)");
  }

  @Test
  void remoteRefIsNeverFetched() throws IOException {
    Path main =
        write(
            "main.json",
            "{\"properties\": {\"port\": {\"$ref\": \"https://example.com/port.json\"}}}");

    SchemaLoadException e =
        assertThrows(SchemaLoadException.class, () -> SharedInstanceSchema.fromSchemaFile(main));

    assertMessageContains(
        e,
        "slave-schema = " + main,
        "only local files are read, never https://example.com/port.json");
  }

  @Test
  void invalidPatternFailsAtLoadTime() throws IOException {
    Path main = write("main.json", "{\"properties\": {\"a\": {\"pattern\": \"(unclosed\"}}}");

    SchemaLoadException e =
        assertThrows(SchemaLoadException.class, () -> SharedInstanceSchema.fromSchemaFile(main));

    assertMessageContains(
        e, "slave-schema = " + main + ": not a usable JSON Schema", "Unclosed group");
  }
}
