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
    assertEquals(missing + ": no such file", e.getMessage());
  }

  @Test
  void brokenJsonNamesTheFileAndLine() throws IOException {
    Path file = write("{\"result_list\": [\n{\"title\": }\n]}");
    DesiredStateException e =
        assertThrows(DesiredStateException.class, () -> new FileSource(file).read().entries());
    assertTrue(e.getMessage().startsWith(file + ": not valid JSON at line 2"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not an object | [] | expected an object with a \"result_list\" array",
        "no list | {\"result_list\": {}} | expected an object with a \"result_list\" array",
        "item not object | {\"result_list\": [1]} | result_list[0]: expected an object",
        "no guid | {\"result_list\": [{\"title\": \"t\"}]} | result_list[0]: field \"instance_guid\" must be a string",
        "bad state | {\"result_list\": [{\"instance_guid\": \"A\", \"title\": \"t\", \"software_type\": \"default\", \"state\": \"paused\", \"parameters\": {}}]} | result_list[0] (A): field \"state\" is \"paused\", expected one of",
        "parameters not object | {\"result_list\": [{\"instance_guid\": \"A\", \"title\": \"t\", \"software_type\": \"default\", \"state\": \"started\", \"parameters\": \"x\"}]} | result_list[0] (A): field \"parameters\" must be an object",
        "duplicate | {\"result_list\": [{\"instance_guid\": \"A\", \"title\": \"t\", \"software_type\": \"d\", \"state\": \"started\", \"parameters\": {}}, {\"instance_guid\": \"A\", \"title\": \"t\", \"software_type\": \"d\", \"state\": \"started\", \"parameters\": {}}]} | result_list[1]: instance_guid A is listed twice",
      })
  void malformedListingIsRejectedNamingItemAndField(String name, String json, String expected)
      throws IOException {
    Path file = write(json);
    DesiredStateException e =
        assertThrows(DesiredStateException.class, () -> new FileSource(file).read().entries());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected.strip()), e.getMessage());
  }
}
