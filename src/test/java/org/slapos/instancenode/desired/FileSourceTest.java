package org.slapos.instancenode.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileSourceTest {
  @TempDir Path dir;

  private Path write(String json) throws IOException {
    Path file = dir.resolve("entries.json");
    Files.writeString(file, json);
    return file;
  }

  @Test
  void demoEntriesAreListedWithTheirStates() {
    List<DesiredEntry> entries =
        new FileSource(Path.of("deploy/examples/entries.json")).read().entries();
    assertEquals(21, entries.size());
    DesiredEntry first = entries.get(0);
    assertEquals("SHARED-0001", first.reference());
    assertEquals("Shop frontend", first.title());
    assertEquals("default", first.softwareType());
    assertEquals(DesiredEntry.STARTED, first.state());
    assertTrue(first.parameters().get("_").isTextual());
    assertEquals(
        List.of("SHARED-0011"),
        entries.stream()
            .filter(e -> e.state().equals(DesiredEntry.STOPPED))
            .map(DesiredEntry::reference)
            .toList());
  }

  @Test
  void emptyListIsAValidListing() throws IOException {
    assertEquals(List.of(), new FileSource(write("{\"result_list\": []}")).read().entries());
  }

  @Test
  void digestIdentifiesTheContentAndParsingWaitsForEntries() throws IOException {
    Path file = write("{\"result_list\": [");
    Listing broken = new FileSource(file).read();
    assertThrows(DesiredStateException.class, broken::entries);

    Files.writeString(file, "{\"result_list\": []}");
    String empty = new FileSource(file).read().digest();
    assertEquals(empty, new FileSource(file).read().digest());
    assertEquals(64, empty.length());
    Files.writeString(file, "{\"result_list\": [] }");
    assertNotEquals(empty, new FileSource(file).read().digest());
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.json");
    DesiredStateException e =
        assertThrows(DesiredStateException.class, () -> new FileSource(missing).read());
    assertEquals(missing + ": does not exist", e.getMessage());
  }

  @Test
  void brokenJsonNamesTheFileAndLine() throws IOException {
    Path file = write("{\"result_list\": [\n{\"title\": }\n]}");
    DesiredStateException e =
        assertThrows(DesiredStateException.class, () -> new FileSource(file).read().entries());
    assertTrue(
        e.getMessage().startsWith(file + ": not valid JSON (line 2, column 11"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not an object | [] | expected an object with a \"result_list\" array",
        "no list | {\"result_list\": {}} | expected an object with a \"result_list\" array",
        "trailing data | {\"result_list\": []} [] | trailing data after the listing",
      })
  void brokenEnvelopeRefusesTheWholeListing(String name, String json, String expected)
      throws IOException {
    Path file = write(json);
    DesiredStateException e =
        assertThrows(DesiredStateException.class, () -> new FileSource(file).read().entries());
    assertEquals(file + ": " + expected.strip(), e.getMessage());
  }

  private static final String GOOD =
      "{\"instance_guid\": \"GOOD\", \"title\": \"t\", \"software_type\": \"default\","
          + " \"state\": \"started\", \"parameters\": {\"url\": \"https://example.com\"}}";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad state | {\"instance_guid\": \"A\", \"title\": \"t\", \"software_type\": \"default\", \"state\": \"paused\", \"parameters\": {}} | field \"state\" is \"paused\", expected one of [started, stopped, destroyed]",
        "parameters not object | {\"instance_guid\": \"A\", \"title\": \"t\", \"software_type\": \"default\", \"state\": \"started\", \"parameters\": \"x\"} | field \"parameters\" must be an object",
        "no title | {\"instance_guid\": \"A\", \"software_type\": \"default\", \"state\": \"started\", \"parameters\": {}} | field \"title\" must be a string",
      })
  void malformedItemIsRefusedAloneNamingItsReferenceAndField(
      String name, String item, String expected) throws IOException {
    Path file = write("{\"result_list\": [" + GOOD + ", " + item + "]}");
    List<DesiredEntry> entries = new FileSource(file).read().entries();
    assertEquals(List.of("GOOD", "A"), entries.stream().map(DesiredEntry::reference).toList());
    assertEquals(null, entries.get(0).refusal());
    assertEquals(new DesiredEntry.Refusal("schema", expected.strip()), entries.get(1).refusal());
    assertEquals(0, entries.get(1).parameters().size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "item not object | 1 | result_list[1]: expected an object",
        "no guid | {\"title\": \"t\"} | result_list[1]: field \"instance_guid\" must be a string",
        "empty guid | {\"instance_guid\": \" \"} | result_list[1]: field \"instance_guid\" is empty",
      })
  void itemWithoutReadableReferenceIsNamedByItsPosition(String name, String item, String expected)
      throws IOException {
    Path file = write("{\"result_list\": [" + GOOD + ", " + item + "]}");
    Listing.Content content = new FileSource(file).read().content();
    assertEquals(List.of("GOOD"), content.entries().stream().map(DesiredEntry::reference).toList());
    assertEquals(List.of(file + ": " + expected.strip()), content.unreadable());
  }

  @Test
  void twentyMegabyteEntryIsRefusedAloneAndTheOthersAreRead() throws IOException {
    String huge = "x".repeat(20_000_000);
    Path file =
        write(
            "{\"result_list\": ["
                + GOOD.replace("GOOD", "BEFORE")
                + ", {\"instance_guid\": \"HUGE\", \"title\": \"t\", \"software_type\":"
                + " \"default\", \"state\": \"started\", \"parameters\": {\"url\": \"u\","
                + " \"ssl_crt\": \""
                + huge
                + "\"}}, "
                + GOOD.replace("GOOD", "AFTER")
                + "]}");
    List<DesiredEntry> entries = new FileSource(file).read().entries();
    assertEquals(
        List.of("BEFORE", "AFTER", "HUGE"), entries.stream().map(DesiredEntry::reference).toList());
    assertEquals("https://example.com", entries.get(1).parameters().get("url").asText());
    DesiredEntry refused = entries.get(2);
    assertEquals("entry-too-large", refused.refusal().reason());
    assertEquals(
        "field \"parameters\" is 20000027 bytes, more than max-entry-bytes (1048576); its largest"
            + " field is \"ssl_crt\" (about 20000002 bytes)",
        refused.refusal().message());
    assertEquals(0, refused.parameters().size());
  }

  @Test
  void entryNestedDeeperThanTheBoundIsRefusedAlone() throws IOException {
    String deep = "[".repeat(100) + "]".repeat(100);
    Path file =
        write(
            "{\"result_list\": [{\"instance_guid\": \"DEEP\", \"title\": \"t\","
                + " \"software_type\": \"default\", \"state\": \"stopped\","
                + " \"parameters\": {\"x\": "
                + deep
                + "}}, "
                + GOOD
                + "]}");
    List<DesiredEntry> entries = new FileSource(file).read().entries();
    assertEquals(List.of("GOOD", "DEEP"), entries.stream().map(DesiredEntry::reference).toList());
    assertEquals(
        new DesiredEntry.Refusal(
            "entry-too-large", "field \"parameters\" nests deeper than max-entry-depth (64)"),
        entries.get(1).refusal());
    assertEquals(DesiredEntry.STOPPED, entries.get(1).state());
  }

  @Test
  void laterDuplicateIsIgnoredAndTheFirstKept() throws IOException {
    Path file =
        write("{\"result_list\": [" + GOOD + ", " + GOOD.replace("example", "other") + "]}");
    List<DesiredEntry> entries = new FileSource(file).read().entries();
    assertEquals(1, entries.size());
    assertEquals("https://example.com", entries.get(0).parameters().get("url").asText());
  }
}
