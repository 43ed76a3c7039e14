package org.slapos.instancenode.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.desired.DesiredEntry;
import org.slapos.instancenode.desired.Listing;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.ParameterHash;
import org.slapos.instancenode.json.Sha256;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.testing.FakeClock;

class SchemaPassTest {
  private static final SchemaSource RAPID_CDN =
      SchemaSource.ofSoftwareDescription(
          Path.of("../shared/rapid-cdn/software.cfg.json"), "default");

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();
  private InstanceStore store;

  @BeforeEach
  void open() {
    store = InstanceStore.open(dir.resolve("instance.sqlite"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private SchemaPass.Outcome run(SchemaSource schema, DesiredEntry... entries) {
    List<DesiredEntry> list = List.of(entries);
    String digest = Sha256.hex(list.toString().getBytes(StandardCharsets.UTF_8));
    return new SchemaPass(schema, true, store, clock).run(new Listing(digest, () -> list));
  }

  private static DesiredEntry entry(String reference, String state, String json) {
    try {
      return new DesiredEntry(
          reference,
          "title " + reference,
          "default",
          state,
          (ObjectNode) Json.MAPPER.readTree(json));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static DesiredEntry started(String reference, String json) {
    return entry(reference, DesiredEntry.STARTED, json);
  }

  private Map<String, InstanceRow> rows() {
    return store.all().stream().collect(Collectors.toMap(InstanceRow::reference, r -> r));
  }

  @Test
  void firstPassRecordsEveryEntryAsPythonWouldStoreIt() throws Exception {
    SchemaPass.Outcome outcome =
        run(
            RAPID_CDN,
            started(
                "A",
                "{\"_\": \"{\\\"url\\\": \\\"https://a.example\\\", \\\"custom_domain\\\": \\\"a.example.com\\\"}\"}"),
            started("B", "{\"url\": \"ftp:/x\", \"request-timeout\": \"30\"}"),
            entry("C", DesiredEntry.STOPPED, "{\"url\": \"https://c.example\"}"),
            entry("D", DesiredEntry.DESTROYED, "{\"url\": \"https://d.example\"}"));

    assertEquals(new SchemaPass.Outcome(1, 1, 1, 3, 3, 0, false, List.of()), outcome);
    Map<String, InstanceRow> rows = rows();
    assertEquals(List.of("A", "B", "C"), rows.keySet().stream().sorted().toList());

    InstanceRow a = rows.get("A");
    assertEquals(
        "{\"custom_domain\": \"a.example.com\", \"url\": \"https://a.example\"}",
        a.jsonParameters());
    assertEquals(ParameterHash.ofDumped(a.jsonParameters()), a.hash());
    assertEquals("{}", a.jsonError());
    assertEquals(InstanceRow.VALID, a.validParameter());
    assertEquals(Long.toString(FakeClock.START.getEpochSecond()), a.timestamp());

    InstanceRow b = rows.get("B");
    assertEquals(InstanceRow.INVALID, b.validParameter());
    JsonNode error = Json.MAPPER.readTree(b.jsonError());
    assertEquals("schema", error.get("reason").asText());
    assertEquals(
        "$.url: does not match the regex pattern ^(http|https|ftp)://.+",
        error.get("errors").get(0).asText());
    assertEquals(error.get("errors").get(0).asText(), error.get("message").asText());
    assertEquals(
        "{\"errors\": [\"$.url: does not match the regex pattern ^(http|https|ftp)://.+\"],"
            + " \"message\": \"$.url: does not match the regex pattern ^(http|https|ftp)://.+\","
            + " \"reason\": \"schema\"}",
        b.jsonError(),
        "keys sorted and spaced as Python's json.dumps(sort_keys=True)");

    assertEquals(InstanceRow.STOPPED, rows.get("C").validParameter());
  }

  @Test
  void unchangedListingWritesNothingAndKeepsTimestamps() {
    DesiredEntry a = started("A", "{\"url\": \"https://a.example\"}");
    DesiredEntry b = started("B", "{\"url\": \"https://b.example\", \"request-timeout\": \"30\"}");
    run(RAPID_CDN, a, b);
    Map<String, InstanceRow> before = rows();
    clock.advance(Duration.ofHours(1));

    SchemaPass.Outcome outcome = run(RAPID_CDN, b, a);

    assertEquals(0, outcome.written());
    assertEquals(before, rows());
    assertEquals(0, outcome.validated(), "the source gave the same parameters");
    assertFalse(outcome.listingUnchanged(), "another order is another listing");
  }

  @Test
  void listingAppliedLastTimeIsNotEvenParsed() {
    DesiredEntry a = started("A", "{\"url\": \"https://a.example\"}");
    DesiredEntry b = started("B", "{\"url\": \"not a url\"}");
    run(RAPID_CDN, a, b);
    Listing same =
        new Listing(
            Sha256.hex(List.of(a, b).toString().getBytes(StandardCharsets.UTF_8)),
            () -> {
              throw new AssertionError("parsed");
            });

    SchemaPass.Outcome outcome = new SchemaPass(RAPID_CDN, true, store, clock).run(same);

    assertEquals(new SchemaPass.Outcome(1, 1, 0, 0, 0, 0, true, List.of()), outcome);
  }

  @Test
  void changedEntryIsRewrittenWithANewTimestampAndRemovedOneIsDeleted() {
    run(
        RAPID_CDN,
        started("A", "{\"url\": \"https://a.example\"}"),
        started("B", "{\"url\": \"https://b.example\"}"));
    clock.advance(Duration.ofMinutes(5));

    SchemaPass.Outcome outcome = run(RAPID_CDN, started("A", "{\"url\": \"not a url\"}"));

    assertEquals(1, outcome.written());
    assertEquals(1, outcome.deleted());
    InstanceRow a = rows().get("A");
    assertEquals(InstanceRow.INVALID, a.validParameter());
    assertEquals(
        Long.toString(FakeClock.START.plus(Duration.ofMinutes(5)).getEpochSecond()), a.timestamp());
    assertFalse(rows().containsKey("B"));
  }

  @Test
  void rowsWrittenByPythonAreAdoptedWithoutRewriting() {
    DesiredEntry a = started("A", "{\"url\": \"https://a.example\"}");
    InstanceRow python =
        new InstanceRow(
            "A",
            "{\"url\": \"https://a.example\"}",
            "{}",
            ParameterHash.ofDumped("{\"url\": \"https://a.example\"}"),
            "1700000000",
            InstanceRow.VALID);
    store.write(List.of(python), List.of());

    SchemaPass.Outcome first = run(RAPID_CDN, a);
    assertEquals(1, first.validated(), "no digest yet: validated once");
    assertEquals(0, first.written(), "same hash and state as Python stored: the row stays");
    assertEquals(List.of(python), store.all());
    assertEquals(0, run(RAPID_CDN, a).validated(), "the digest recorded meanwhile is used");
  }

  @Test
  void emptyListingKeepsTheStoredRows() {
    run(RAPID_CDN, started("A", "{\"url\": \"https://a.example\"}"));
    SchemaPass.Outcome outcome = run(RAPID_CDN);
    assertEquals(0, outcome.deleted());
    assertEquals(1, rows().size());
  }

  @Test
  void aListingOfDestroyedEntriesOnlyRemovesThem() {
    run(RAPID_CDN, started("A", "{\"url\": \"https://a.example\"}"));
    SchemaPass.Outcome outcome =
        run(RAPID_CDN, entry("A", DesiredEntry.DESTROYED, "{\"url\": \"https://a.example\"}"));
    assertEquals(1, outcome.deleted());
    assertEquals(0, rows().size());
  }

  @Test
  void newSchemaRevalidatesUnchangedEntriesOnce() throws Exception {
    DesiredEntry a = started("A", "{\"url\": \"https://a.example\", \"note\": \"x\"}");
    run(RAPID_CDN, a);
    assertEquals(InstanceRow.VALID, rows().get("A").validParameter());

    Path strict = dir.resolve("strict.json");
    Files.writeString(
        strict,
        """
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "properties": {"url": {"type": "string"}}, "additionalProperties": false}
        """);
    SchemaSource strictSchema = SchemaSource.ofSchemaFile(strict);
    SchemaPass.Outcome outcome = run(strictSchema, a);
    assertEquals(1, outcome.validated());
    assertEquals(InstanceRow.INVALID, rows().get("A").validParameter());

    assertEquals(0, run(strictSchema, a).validated(), "the new fingerprint is remembered");
  }

  @Test
  void refusedEntryIsRecordedInvalidWithItsReasonWithoutValidation() {
    DesiredEntry huge =
        new DesiredEntry(
            "HUGE",
            null,
            null,
            DesiredEntry.STARTED,
            Json.MAPPER.createObjectNode(),
            new DesiredEntry.Refusal("entry-too-large", "field \"parameters\" is 9 bytes"));
    run(RAPID_CDN, started("A", "{\"url\": \"https://a.example\"}"), huge);
    InstanceRow row = rows().get("HUGE");
    assertEquals(InstanceRow.INVALID, row.validParameter());
    assertEquals("{}", row.jsonParameters());
    assertEquals(
        "{\"errors\": [\"field \\\"parameters\\\" is 9 bytes\"], \"message\": \"field"
            + " \\\"parameters\\\" is 9 bytes\", \"reason\": \"entry-too-large\"}",
        row.jsonError());
  }

  @Test
  void validEntryThatBecomesTooLargeIsRefusedEvenWithEmptyParameters() {
    run(RAPID_CDN, started("A", "{}"));
    assertEquals(InstanceRow.VALID, rows().get("A").validParameter());
    run(
        RAPID_CDN,
        new DesiredEntry(
            "A",
            null,
            null,
            DesiredEntry.STARTED,
            Json.MAPPER.createObjectNode(),
            new DesiredEntry.Refusal("entry-too-large", "too large")));
    assertEquals(InstanceRow.INVALID, rows().get("A").validParameter());
  }

  @Test
  void itemWithoutReadableReferenceRemovesNoStoredEntry() {
    run(
        RAPID_CDN,
        started("A", "{\"url\": \"https://a.example\"}"),
        started("B", "{\"url\": \"https://b.example\"}"));
    List<DesiredEntry> onlyA = List.of(started("A", "{\"url\": \"https://a.example\"}"));
    SchemaPass.Outcome outcome =
        new SchemaPass(RAPID_CDN, true, store, clock)
            .run(
                Listing.of(
                    "with-unreadable",
                    () ->
                        new Listing.Content(
                            onlyA, List.of("x: result_list[1]: unreadable"), List.of())));
    assertEquals(0, outcome.deleted());
    assertEquals(2, rows().size());
  }
}
