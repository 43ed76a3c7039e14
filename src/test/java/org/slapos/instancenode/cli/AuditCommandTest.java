package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.schema.SharedInstanceSchema;
import org.slapos.instancenode.testing.DemoConfig;
import org.slapos.instancenode.testing.tls.TestPki;

/** {@code audit} over the real databases of a real run, one entry carrying a private key. */
class AuditCommandTest {
  private static final String KEYED = "SHARED-KEYED";
  private static final String PASSWORD = "hunter2-not-for-your-eyes";

  @TempDir Path dir;
  private Path config;
  private String keyPem;

  @BeforeEach
  void runTheDemoWithAKeyedEntry() throws Exception {
    config = DemoConfig.copyInto(dir);
    TestPki.Issued issued =
        TestPki.create("audit").server(TestPki.KeyType.RSA, "keyed.example.com");
    keyPem = issued.keyPem(TestPki.KeyFormat.TRADITIONAL);
    Path entries = dir.resolve("entries.json");
    ObjectNode list = (ObjectNode) Json.MAPPER.readTree(entries.toFile());
    ObjectNode parameters = Json.MAPPER.createObjectNode();
    parameters.put("url", "https://backend.keyed.example.com");
    parameters.put("ssl_key", keyPem);
    parameters.put("ssl_crt", issued.certificatePem());
    parameters.put("monitor-password", PASSWORD);
    ObjectNode entry = list.withArray("result_list").addObject();
    entry.put("title", "Keyed");
    entry.put("instance_guid", KEYED);
    entry.put("software_type", "default");
    entry.put("state", "started");
    entry.putObject("parameters").put("_", parameters.toString());
    // A private key where a check quotes the value in its error message.
    ObjectNode misplaced = list.withArray("result_list").addObject();
    misplaced.put("title", "Misplaced");
    misplaced.put("instance_guid", "SHARED-MISPLACED");
    misplaced.put("software_type", "default");
    misplaced.put("state", "started");
    ObjectNode wrong = Json.MAPPER.createObjectNode();
    wrong.put("url", "https://backend.misplaced.example.com");
    wrong.put("server-alias", keyPem);
    misplaced.putObject("parameters").put("_", wrong.toString());
    Files.writeString(entries, list.toString());
    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());
    assertEquals(0, run.exitCode(), run.err());
  }

  private CommandRun audit(String... more) {
    String[] args = new String[3 + more.length];
    args[0] = "audit";
    args[1] = "--config";
    args[2] = config.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    CommandRun run = CommandRun.of(args);
    assertNoSecret(run.out() + run.err());
    return run;
  }

  private void assertNoSecret(String output) {
    assertFalse(output.contains("PRIVATE KEY"), output);
    for (String line : keyPem.lines().toList()) {
      assertFalse(output.contains(line), "a line of the private key is shown: " + line);
    }
    assertFalse(output.contains(PASSWORD), output);
  }

  @Test
  void oneLinePerEntry() {
    CommandRun run = audit();

    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(22, lines.size(), run.out());
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.startsWith("SHARED-0001  invalid  ") || l.startsWith("SHARED-0001  valid  ")),
        run.out());
  }

  @Test
  void filtersByStateReasonAndDomain() {
    List<String> valid = audit("--state", "valid").out().lines().toList();
    assertFalse(valid.isEmpty());
    assertTrue(valid.stream().allMatch(l -> l.split("  ")[1].equals("valid")), valid.toString());

    List<String> schema = audit("--reason", "schema").out().lines().toList();
    assertFalse(schema.isEmpty());
    assertTrue(schema.stream().allMatch(l -> l.split("  ")[2].equals("schema")), schema.toString());
    assertTrue(
        schema.stream().allMatch(l -> l.endsWith("  do: fix the parameters the errors name")),
        schema.toString());
    assertTrue(valid.stream().allMatch(l -> l.endsWith("  do: nothing")), valid.toString());

    List<String> shop = audit("--domain", "shop.example.com").out().lines().toList();
    assertEquals(1, shop.size(), shop.toString());
    assertTrue(shop.get(0).startsWith("SHARED-0001  "), shop.toString());
  }

  @Test
  void aReferenceShowsTheWholeRecordWithSecretsRedacted() {
    CommandRun run = audit(KEYED, "SHARED-0001");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("\"ssl_key\":\"[redacted]\""), run.out());
    assertTrue(run.out().contains("\"monitor-password\":\"[redacted]\""), run.out());
    assertTrue(run.out().contains("https://backend.keyed.example.com"), run.out());
    assertTrue(
        run.out().contains("DNS challenge: TXT _slapos-challenge.shop.example.com = "), run.out());
    assertTrue(run.out().contains("events:\n    "), run.out());
  }

  @Test
  void aPrivateKeyQuotedByAnErrorIsRedactedToo() {
    CommandRun run = audit("SHARED-MISPLACED");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("SHARED-MISPLACED  invalid  alias-invalid"), run.out());
    assertTrue(run.out().contains("[redacted]"), run.out());
  }

  @Test
  void jsonFollowsItsPublishedSchema() throws Exception {
    SharedInstanceSchema contract =
        SharedInstanceSchema.fromSchemaFile(Path.of("schemas/audit-report.schema.json"));
    for (CommandRun run : List.of(audit("--json"), audit("--json", KEYED, "SHARED-0001", "NOPE"))) {
      JsonNode report = Json.MAPPER.readTree(run.out());
      assertEquals(List.of(), contract.validate(report, false).errors(), run.out());
    }
    JsonNode whole = Json.MAPPER.readTree(audit("--json", KEYED, "SHARED-0001").out());
    JsonNode keyed =
        whole.get("entries").get(0).get("reference").asText().equals(KEYED)
            ? whole.get("entries").get(0)
            : whole.get("entries").get(1);
    assertEquals("[redacted]", keyed.path("parameters").path("ssl_key").asText());
    assertTrue(keyed.path("parameters").path("ssl_crt").asText().contains("CERTIFICATE"));
    JsonNode shop = whole.get("entries").get(keyed == whole.get("entries").get(0) ? 1 : 0);
    assertEquals(
        "_slapos-challenge.shop.example.com", shop.path("challenge").path("record").asText());
    assertFalse(shop.path("events").isEmpty());
  }

  @Test
  void anUnknownReferenceIsExitOne() {
    CommandRun run = audit("NOPE");

    assertEquals(1, run.exitCode());
    assertEquals("NOPE: not recorded\n", run.out());
  }
}
