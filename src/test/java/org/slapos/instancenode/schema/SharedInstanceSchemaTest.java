package org.slapos.instancenode.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slapos.instancenode.json.Json;

/** Validation of CDN entries against the real Rapid.CDN shared-instance schema. */
class SharedInstanceSchemaTest {
  static final Path RAPID_CDN = Path.of("../shared/rapid-cdn");
  static final Path SLAVE_SCHEMA = RAPID_CDN.resolve("instance-slave-input-schema.json");
  private static final SharedInstanceSchema SCHEMA =
      SharedInstanceSchema.fromSchemaFile(SLAVE_SCHEMA);

  private static final String VALID_ENTRY =
      """
      {
        "custom_domain": "www.example.com",
        "url": "http://backend.example.com:8080/app",
        "https-url": "https://backend.example.com:8443/app",
        "type": "zope",
        "path": "/VirtualHostBase/https/www.example.com:443/erp5/VirtualHostRoot",
        "server-alias": "example.com shop.example.com",
        "enable_cache": "true",
        "https-only": "true",
        "virtualhostroot-http-port": 80,
        "virtualhostroot-https-port": 443,
        "health-check": "true",
        "health-check-http-method": "GET",
        "health-check-http-path": "/status",
        "health-check-timeout": 3,
        "strict-transport-security": 31536000,
        "ciphers": "ECDHE-RSA-AES256-GCM-SHA384 ECDHE-RSA-AES128-GCM-SHA256",
        "ssl_crt": "-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIUY...\\n-----END CERTIFICATE-----\\n"
      }
      """;

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode validEntryWith(String field, JsonNode value) {
    ObjectNode entry = json(VALID_ENTRY);
    entry.set(field, value);
    return entry;
  }

  private static List<String> rendered(SchemaValidation validation) {
    return validation.errors().stream().map(SchemaError::toString).toList();
  }

  @Test
  void realisticEntryIsValid() {
    SchemaValidation validation = SCHEMA.validate(json(VALID_ENTRY), false);

    assertEquals(List.of(), validation.errors());
    assertTrue(validation.valid());
    assertEquals(json(VALID_ENTRY), validation.parameters());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          url                       | "ftp:/missing-slash"   | $.url                       | does not match the regex pattern ^(http
          type                      | "apache"               | $.type                      | does not have a value in the enumeration ["", "zope", "redirect", "notebook", "websocket"]
          virtualhostroot-http-port | 70000                  | $['virtualhostroot-http-port'] | must have a maximum value of 65535
          health-check-rise         | 0                      | $['health-check-rise']      | must have a minimum value of 1
          health-check-timeout      | 2.5                    | $['health-check-timeout']   | number found, integer expected
          server-alias              | ["a.example.com"]      | $['server-alias']           | array found, string expected
          enable_cache              | "maybe"                | $.enable_cache              | does not match the regex pattern
          health-check-http-method  | "DELETE"               | $['health-check-http-method'] | does not have a value in the enumeration
          """)
  void invalidValueIsReportedAtItsPath(String field, String value, String path, String message) {
    SchemaValidation validation =
        SCHEMA.validate(validEntryWith(field, json("{\"v\":" + value + "}").get("v")), false);

    assertFalse(validation.valid());
    assertEquals(1, validation.errors().size(), () -> rendered(validation).toString());
    SchemaError error = validation.errors().get(0);
    assertEquals(path, error.path());
    assertTrue(error.message().startsWith(message), error.message());
    assertEquals(path + ": " + error.message(), error.toString());
  }

  @Test
  void everyErrorIsReportedOrderedByPath() {
    ObjectNode entry =
        json(
            """
            {"url": "backend", "type": "apache", "health-check-rise": 0,
             "https-url": 443, "custom_domain": false}
            """);

    SchemaValidation validation = SCHEMA.validate(entry, false);

    assertEquals(
        List.of(
            "$.custom_domain: boolean found, string expected",
            "$['health-check-rise']: must have a minimum value of 1",
            "$['https-url']: integer found, string expected",
            "$.type: does not have a value in the enumeration"
                + " [\"\", \"zope\", \"redirect\", \"notebook\", \"websocket\"]",
            "$.url: does not match the regex pattern ^(http|https|ftp)://.+"),
        rendered(validation));
  }

  @Test
  void unknownPropertyIsAcceptedBecauseTheSchemaAllowsIt() {
    SchemaValidation validation =
        SCHEMA.validate(validEntryWith("no-such-option", TextNode.valueOf("x")), false);

    assertTrue(validation.valid(), () -> rendered(validation).toString());
  }

  @Test
  void formatIsAnAnnotationAsInSlapOs() {
    // custom_domain declares "format": "idn-hostname"; SlapOS does not assert formats either.
    SchemaValidation validation =
        SCHEMA.validate(validEntryWith("custom_domain", TextNode.valueOf("*.example.com")), false);

    assertTrue(validation.valid(), () -> rendered(validation).toString());
  }

  @Test
  void stringifiedIntegersAreConvertedOnlyWhenAsked() {
    ObjectNode entry =
        json(
            """
            {"url": "https://backend.example.com", "virtualhostroot-http-port": "8080",
             "health-check-timeout": "3", "strict-transport-security": "0",
             "enable_cache": "true"}
            """);

    SchemaValidation converted = SCHEMA.validate(entry, true);
    SchemaValidation asGiven = SCHEMA.validate(entry, false);

    assertEquals(List.of(), converted.errors());
    assertEquals(
        json(
            """
            {"url": "https://backend.example.com", "virtualhostroot-http-port": 8080,
             "health-check-timeout": 3, "strict-transport-security": 0,
             "enable_cache": "true"}
            """),
        converted.parameters());
    assertEquals(
        List.of(
            "$['health-check-timeout']: string found, integer expected",
            "$['strict-transport-security']: string found, integer expected",
            "$['virtualhostroot-http-port']: string found, integer expected"),
        rendered(asGiven));
    assertEquals(entry, asGiven.parameters());
  }

  @Test
  void stringifiedIntegerThatDoesNotParseStaysAStringAndFails() {
    SchemaValidation validation =
        SCHEMA.validate(validEntryWith("virtualhostroot-http-port", TextNode.valueOf("80a")), true);

    assertEquals(
        List.of("$['virtualhostroot-http-port']: string found, integer expected"),
        rendered(validation));
    assertEquals("80a", validation.parameters().get("virtualhostroot-http-port").textValue());
  }

  @Test
  void convertedValueIsStillCheckedAgainstItsBounds() {
    SchemaValidation validation =
        SCHEMA.validate(validEntryWith("virtualhostroot-http-port", TextNode.valueOf("0")), true);

    assertEquals(
        List.of("$['virtualhostroot-http-port']: must have a minimum value of 1"),
        rendered(validation));
  }

  @Test
  void jsonInXmlParametersAreUnwrappedThenValidated() {
    ObjectNode wrapped = Json.MAPPER.createObjectNode();
    wrapped.put("_", json(VALID_ENTRY).put("virtualhostroot-http-port", "8080").toString());

    SchemaValidation validation = SCHEMA.validate(wrapped, true);

    assertEquals(List.of(), validation.errors());
    assertEquals(json(VALID_ENTRY).put("virtualhostroot-http-port", 8080), validation.parameters());
  }

  @Test
  void errorsOfUnwrappedParametersArePathsInTheUnwrappedObject() {
    ObjectNode wrapped = Json.MAPPER.createObjectNode().put("_", "{\"type\": \"apache\"}");

    SchemaValidation validation = SCHEMA.validate(wrapped, false);

    assertEquals(List.of("$.type"), validation.errors().stream().map(SchemaError::path).toList());
  }

  @ParameterizedTest(name = "_ = {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"url": "https://a.example"              | is not valid JSON (line 1, column
          {"url": "https://a.example"} trailing    | is not valid JSON (line 1, column
          ["https://a.example"]                    | must hold a JSON object, found array
          "https://a.example"                      | must hold a JSON object, found string
          42                                       | must hold a JSON object, found number
          null                                     | must hold a JSON object, found null
          ''                                       | must hold a JSON object, found an empty string
          """)
  void wrappedTextThatIsNotAJsonObjectIsOneErrorAtUnderscore(String text, String message) {
    ObjectNode wrapped = Json.MAPPER.createObjectNode().put("_", text);

    SchemaValidation validation = SCHEMA.validate(wrapped, true);

    assertEquals(1, validation.errors().size(), () -> rendered(validation).toString());
    assertEquals("$._", validation.errors().get(0).path());
    assertTrue(
        validation.errors().get(0).message().startsWith(message), rendered(validation)::toString);
    assertEquals(wrapped, validation.parameters());
  }

  @Test
  void underscoreBesideOtherKeysIsAnOrdinaryProperty() {
    ObjectNode entry = json("{\"_\": \"not json\", \"url\": \"https://a.example\"}");

    SchemaValidation validation = SCHEMA.validate(entry, false);

    assertTrue(validation.valid(), () -> rendered(validation).toString());
    assertEquals(entry, validation.parameters());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ["https://a.example"] | array
          "https://a.example"   | string
          null                  | null
          """)
  void nonObjectParametersAreOneErrorAtTheRoot(String parameters, String kind) {
    SchemaValidation validation =
        SCHEMA.validate(json("{\"v\":" + parameters + "}").get("v"), false);

    assertEquals(
        List.of("$: parameters must be a JSON object, found " + kind), rendered(validation));
    assertEquals(Json.MAPPER.createObjectNode(), validation.parameters());
  }

  @Test
  void inputIsNeverMutatedAndParametersAreANewNode() {
    ObjectNode entry = validEntryWith("virtualhostroot-http-port", TextNode.valueOf("8080"));
    ObjectNode before = entry.deepCopy();

    SchemaValidation validation = SCHEMA.validate(entry, true);

    assertEquals(before, entry);
    assertNotSame(entry, validation.parameters());
    assertEquals(8080, validation.parameters().get("virtualhostroot-http-port").intValue());
  }

  @Test
  void secretInMalformedWrappedJsonIsNotEchoed() {
    String keyBody = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7".repeat(20);
    String wrappedText = "{\"ssl_key\": " + keyBody + "}";
    ObjectNode wrapped = Json.MAPPER.createObjectNode().put("_", wrappedText);

    SchemaValidation validation = SCHEMA.validate(wrapped, false);

    String message = validation.errors().get(0).message();
    assertTrue(message.contains("Unrecognized token 'MIIEvQIBADANBgkqhkiG...'"), message);
    assertFalse(message.contains(keyBody.substring(0, 21)), message);
  }

  @Test
  void oneSchemaServesManyThreadsAlike() throws Exception {
    List<ObjectNode> entries =
        IntStream.range(0, 200)
            .mapToObj(
                i -> validEntryWith("health-check-rise", json("{\"v\":" + (i % 3) + "}").get("v")))
            .toList();
    List<SchemaValidation> expected = entries.stream().map(e -> SCHEMA.validate(e, true)).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<SchemaValidation>>> runs =
          IntStream.range(0, 4)
              .mapToObj(
                  t ->
                      pool.submit(
                          () -> entries.stream().map(e -> SCHEMA.validate(e, true)).toList()))
              .toList();
      for (Future<List<SchemaValidation>> run : runs) {
        assertEquals(expected, run.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(
        List.of("$['health-check-rise']: must have a minimum value of 1"),
        rendered(expected.get(0)));
  }
}
