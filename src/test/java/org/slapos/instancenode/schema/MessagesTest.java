package org.slapos.instancenode.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.schema.SharedInstanceSchemaTest.json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Long user-supplied values are abbreviated wherever they would reach a message. */
class MessagesTest {
  @TempDir Path dir;

  @Test
  void shortTextIsKeptWhole() {
    String eighty = "x".repeat(80);

    assertEquals(eighty, Messages.abbreviate(eighty));
  }

  @Test
  void longTextKeepsItsStartAndLength() {
    assertEquals("y".repeat(80) + "... (81 characters)", Messages.abbreviate("y".repeat(81)));
  }

  @Test
  void abbreviationNeverSplitsACharacter() {
    String text = "a".repeat(79) + "😀".repeat(5);

    assertEquals("a".repeat(79) + "... (89 characters)", Messages.abbreviate(text));
  }

  @Test
  void longPropertyNameIsAbbreviatedInValidatorMessages() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("closed.json"),
            "{\"properties\": {\"url\": {\"type\": \"string\"}}, \"additionalProperties\": false}");
    String pem = "-----BEGIN PRIVATE KEY-----\n" + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".repeat(40);

    SchemaValidation validation =
        SharedInstanceSchema.fromSchemaFile(file).validate(json("{}").put(pem, "x"), false);

    assertEquals(1, validation.errors().size());
    SchemaError error = validation.errors().get(0);
    assertEquals("$", error.path());
    assertTrue(
        error.message().startsWith("property '-----BEGIN PRIVATE KEY-----"), error.message());
    assertTrue(error.message().contains("... (" + pem.length() + " characters)"), error.message());
    assertTrue(error.message().length() < 250, error.message());
  }
}
