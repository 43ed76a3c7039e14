package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.schema.SharedInstanceSchema;

class ValidateCommandTest {
  private static final String SOFTWARE = "../shared/rapid-cdn/software.cfg.json";
  private static final String SLAVE_SCHEMA = "../shared/rapid-cdn/instance-slave-input-schema.json";
  private static final String ENTRIES = "deploy/examples/entries.json";

  @Test
  void tableListsEveryEntryWithEachErrorOnItsOwnLine() {
    CommandRun run =
        CommandRun.of(
            "validate",
            "--schema",
            SOFTWARE,
            "--software-type",
            "default",
            "--unstringify",
            ENTRIES);
    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).matches("REFERENCE\\s+STATUS\\s+ERRORS"), lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.matches("SHARED-0001\\s+valid\\s*")));
    assertTrue(lines.stream().anyMatch(l -> l.matches("SHARED-0012\\s+destroyed\\s*")));
    assertTrue(
        lines.stream()
            .anyMatch(l -> l.matches("SHARED-0101\\s+invalid\\s+\\$\\.url: does not match .*")));
    int several =
        lines.indexOf(
            lines.stream().filter(l -> l.startsWith("SHARED-0106")).findFirst().orElseThrow());
    assertTrue(lines.get(several + 3).strip().startsWith("$.url:"), "four errors, one per line");
    assertEquals("12 valid, 8 invalid, 1 destroyed", lines.get(lines.size() - 1));
  }

  @Test
  void withoutUnstringifyAStringifiedPortIsATypeError() {
    CommandRun run = CommandRun.of("validate", "--schema", SLAVE_SCHEMA, ENTRIES);
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out()
            .lines()
            .anyMatch(
                l ->
                    l.matches(
                        "SHARED-0003\\s+invalid\\s+\\$\\['virtualhostroot-https-port'\\]: string found, integer expected")),
        run.out());
  }

  @Test
  void jsonReportFollowsItsPublishedSchema() throws Exception {
    CommandRun run =
        CommandRun.of(
            "validate", "--schema", SOFTWARE, "--software-type", "default", "--json", ENTRIES);
    assertEquals(0, run.exitCode(), run.err());
    JsonNode report = Json.MAPPER.readTree(run.out());
    SharedInstanceSchema contract =
        SharedInstanceSchema.fromSchemaFile(Path.of("schemas/validate-report.schema.json"));
    assertEquals(List.of(), contract.validate(report, false).errors());
    assertEquals(21, report.get("entries").size());
    JsonNode broken = report.get("entries").get(13);
    assertEquals("SHARED-0102", broken.get("reference").asText());
    assertEquals(
        "$['virtualhostroot-http-port']", broken.get("errors").get(0).get("path").asText());
  }

  @Test
  void unknownSoftwareTypeIsAUsageError() {
    CommandRun run =
        CommandRun.of("validate", "--schema", SOFTWARE, "--software-type", "nope", ENTRIES);
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("error: "), run.err());
    assertTrue(run.err().contains("'nope'"), run.err());
  }

  @Test
  void aSoftwareDescriptionWithoutSoftwareTypeIsAnErrorListingItsSharedTypes() {
    CommandRun run = CommandRun.of("validate", "--schema", SOFTWARE, ENTRIES);

    assertEquals(2, run.exitCode(), run.out());
    assertTrue(run.err().contains("is a software release description"), run.err());
    assertTrue(run.err().contains("--software-type"), run.err());
    assertTrue(run.err().contains("they are: 'custom-personal', 'default'"), run.err());
    assertEquals("", run.out(), "no entry is reported as checked");
  }

  @Test
  void unreadableEntriesFileFailsWithExitOne() {
    CommandRun run = CommandRun.of("validate", "--schema", SLAVE_SCHEMA, "missing.json");
    assertEquals(1, run.exitCode());
    assertEquals("error: missing.json: does not exist", run.err().strip());
  }
}
