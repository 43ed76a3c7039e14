package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.schema.SchemaPass;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.RecordingBangTarget;
import org.slapos.instancenode.testing.SqliteCli;
import org.slapos.instancenode.testing.master.FakeMaster;
import org.slapos.instancenode.testing.master.SharedInstance;

/**
 * A master listing holding hostile items, served by the contract-checked fake master: each bad item
 * is refused alone, naming its reference, and every other item is applied.
 */
class HostileMasterListingIT {
  private static final String HOST = "SOFTINST-HOST";

  @TempDir Path dir;
  private final FakeMaster master = FakeMaster.http();
  private NodeDir node;

  @BeforeEach
  void start() {
    master.addHost(HOST);
    node = new NodeDir(dir);
  }

  @AfterEach
  void stop() {
    master.close();
    master.assertNoContractViolations();
  }

  private static SharedInstance entry(String reference, String parameters) throws Exception {
    return SharedInstance.started(
        reference, "title", (ObjectNode) Json.MAPPER.readTree(parameters));
  }

  private RunOnce.Summary runOnce() throws Exception {
    NodeConfig config =
        NodeConfig.load(
            node.writeConfig(
                "desired-state = master",
                "master-api-url = " + master.baseUrl(),
                "instance-guid = " + HOST,
                "software-schema = " + NodeDir.RAPID_CDN_SOFTWARE,
                "software-type = default",
                "bang-min-interval = 0s"));
    return RunOnce.run(config, Optional.empty(), new RecordingBangTarget(), Clock.systemUTC());
  }

  @Test
  void aTwentyMegabyteEntryIsRefusedAloneNamingItsFieldAndTheOthersAreApplied() throws Exception {
    master.putShared(HOST, entry("GOOD-1", "{\"url\": \"https://one.example.net\"}"));
    master.putShared(
        HOST,
        entry(
            "HUGE",
            "{\"url\": \"https://huge.example.net\", \"ssl_crt\": \""
                + "x".repeat(20_000_000)
                + "\"}"));
    master.putShared(HOST, entry("GOOD-2", "{\"url\": \"https://two.example.net\"}"));

    runOnce();

    assertEquals(
        Map.of("GOOD-1", "valid", "GOOD-2", "valid", "HUGE", "invalid"), node.recordedStates());
    JsonNode error =
        Json.MAPPER.readTree(
            SqliteCli.query(
                    node.requestDb(), "SELECT json_error FROM instance WHERE reference = 'HUGE';")
                .get(0)
                .get("json_error")
                .asText());
    assertEquals("entry-too-large", error.get("reason").asText());
    assertTrue(
        error
            .get("message")
            .asText()
            .matches(
                "field \"parameters\" is [0-9]+ bytes, more than max-entry-bytes \\(1048576\\);"
                    + " its largest field is \"ssl_crt\" \\(about [0-9]+ bytes\\)"),
        error.toString());
  }

  @Test
  void referencesDifferingOnlyInALoneSurrogateAreRefusedAloneNeverMerged() throws Exception {
    // Both would become "LS1?" in SQLite's UTF-8: one row for two entries, counted twice.
    master.putShared(HOST, entry("LS1\udc80", "{\"url\": \"https://a.example.net\"}"));
    master.putShared(HOST, entry("GOOD", "{\"url\": \"https://good.example.net\"}"));
    master.putShared(HOST, entry("LS1\udc81", "{\"url\": \"https://b.example.net\"}"));

    RunOnce.Summary summary = runOnce();

    assertEquals(Map.of("GOOD", "valid"), node.recordedStates());
    SchemaPass.Outcome schema = summary.schema().orElseThrow();
    assertEquals(1, schema.validated());
    assertEquals(1, schema.written());
    assertEquals(
        Set.of("reference LS1\udc80", "reference LS1\udc81"),
        schema.refused().stream()
            .map(m -> m.substring(0, m.indexOf(" holds a lone surrogate (U+DC8")))
            .collect(Collectors.toSet()),
        schema.refused().toString());
    assertEquals(1, InstanceStore.total(summary.byStateAndReason(), InstanceRow.VALID));
    assertEquals(0, summary.invalid().total());
    try (InstanceStore instanceDb = InstanceStore.open(node.instanceDb())) {
      assertEquals(List.of("GOOD"), instanceDb.all().stream().map(InstanceRow::reference).toList());
    }
  }
}
