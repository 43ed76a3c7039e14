package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.RecordedEntries.awaitUntil;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.testing.InProcessDaemon;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.NodeRun;
import org.slapos.instancenode.testing.PythonInstanceDb;
import org.slapos.instancenode.testing.RecordedEntries;
import org.slapos.instancenode.testing.RecordingBangTarget;

/**
 * The daemon in drop-in mode while slapconfiguration's instance DB (written by the sqlite3 tool,
 * exactly as Python writes it) is missing or replaced under it: never created, never read as every
 * entry removed, and the file that replaces it is the one read.
 */
class ReplacedInstanceDbIT {
  private static final String A = "SHARED-A";
  private static final String B = "SHARED-B";
  private static final String C = "SHARED-C";

  @TempDir Path dir;
  private NodeDir node;
  private InProcessDaemon daemon;
  private RecordedEntries recorded;

  private void startDaemon() throws Exception {
    daemon = InProcessDaemon.start(NodeConfig.load(node.config()), new RecordingBangTarget());
    daemon.awaitReady();
    recorded = RecordedEntries.open(node);
  }

  private void writeConfig() throws Exception {
    node = new NodeDir(dir);
    node.writeConfig(
        "desired-state = instance-db",
        "kind = cdn",
        "resync-period = 1h",
        "bang-min-interval = 0",
        "metrics-address = 127.0.0.1:0",
        "workers = 2");
  }

  @AfterEach
  void stopDaemon() throws Exception {
    try {
      if (daemon != null) {
        daemon.close();
      }
    } finally {
      if (recorded != null) {
        recorded.close();
      }
    }
  }

  @Test
  void theDaemonStartedWithoutTheInstanceDbFailsAtOnceAndCreatesNothing() throws Exception {
    writeConfig();

    NodeRun run = NodeRun.of(dir.resolve("out"), "run", "--config", node.config().toString());

    assertEquals(1, run.exitCode(), run.err());
    assertTrue(
        run.err()
            .contains(
                "error: instance-db-path = "
                    + node.instanceDb()
                    + ": does not exist yet (has slapconfiguration run?); nothing changed"),
        run.err());
    assertTrue(Files.notExists(node.instanceDb()), "not created empty");
    assertTrue(Files.notExists(node.requestDb()), "nothing else was opened either");
  }

  @Test
  void aNewFileRenamedOverTheInstanceDbIsReadAndFollowedThereafter() throws Exception {
    writeConfig();
    PythonInstanceDb.create(node.instanceDb())
        .change()
        .valid(A, params("a.example.com", "https://old-backend.example.net"))
        .valid(B, params("b.example.com", "https://b-backend.example.net"))
        .commit();
    startDaemon();
    awaitValid(A, B);

    // A restore: the new file is written whole under another name, then renamed over.
    Path restored = dir.resolve("instance.sqlite.restore");
    ObjectNode changed = params("a.example.com", "https://new-backend.example.net");
    PythonInstanceDb replacement = PythonInstanceDb.create(restored);
    replacement
        .change()
        .valid(A, changed)
        .valid(B, params("b.example.com", "https://b-backend.example.net"))
        .commit();
    Files.move(restored, node.instanceDb(), StandardCopyOption.ATOMIC_MOVE);
    daemon.hangup();

    awaitUntil(() -> recorded.row(A).hash().equals(PythonInstanceDb.hash(changed)));
    assertEquals(
        "https://new-backend.example.net",
        Json.MAPPER.readTree(recorded.row(A).jsonParameters()).path("url").asText());
    assertEquals(List.of("new>valid", "valid>valid"), recorded.history(A));
    assertEquals(List.of("new>valid"), recorded.history(B), "the unchanged entry is untouched");

    // slapconfiguration's next run writes the new file in place: that is read too.
    PythonInstanceDb.create(node.instanceDb())
        .change()
        .valid(C, params("c.example.com", "https://c-backend.example.net"))
        .commit();
    daemon.hangup();
    recorded.awaitState(C, InstanceRow.VALID);
  }

  @Test
  void aRemovedInstanceDbRemovesNothingWhileMissingAndItsRecreationIsRead() throws Exception {
    writeConfig();
    PythonInstanceDb.create(node.instanceDb())
        .change()
        .valid(A, params("a.example.com", "https://old-backend.example.net"))
        .valid(B, params("b.example.com", "https://b-backend.example.net"))
        .commit();
    startDaemon();
    awaitValid(A, B);
    Map<String, String> before = node.recordedStates();

    Files.delete(node.instanceDb());
    // Two passes while it is missing: each fails alone, the second as harmlessly as the first.
    for (int failed = 1; failed <= 2; failed++) {
      daemon.hangup();
      int expected = failed;
      awaitUntil(() -> failedPasses() == expected);
      HttpResponse<String> ready = daemon.get("/readyz");
      assertEquals(503, ready.statusCode());
      assertTrue(
          ready
              .body()
              .contains(
                  "the last pass failed: instance-db-path = "
                      + node.instanceDb()
                      + ": has disappeared (being restored or replaced?); nothing changed"),
          ready.body());
      assertTrue(Files.notExists(node.instanceDb()), "never created empty");
      assertEquals(before, node.recordedStates(), "nothing removed while the file is missing");
      assertEquals(List.of("new>valid"), recorded.history(A));
      assertEquals(List.of("new>valid"), recorded.history(B));
    }

    ObjectNode changed = params("a.example.com", "https://new-backend.example.net");
    PythonInstanceDb.create(node.instanceDb())
        .change()
        .valid(A, changed)
        .valid(B, params("b.example.com", "https://b-backend.example.net"))
        .commit();
    daemon.hangup();

    awaitUntil(() -> recorded.row(A).hash().equals(PythonInstanceDb.hash(changed)));
    awaitUntil(() -> daemon.get("/readyz").statusCode() == 200);
    assertEquals(List.of("new>valid", "valid>valid"), recorded.history(A));
    assertEquals(List.of("new>valid"), recorded.history(B));
    assertEquals(before, node.recordedStates());
  }

  private double failedPasses() throws Exception {
    return daemon.scrape().value("instancenode_passes_total", "result", "failure");
  }

  private void awaitValid(String... references) {
    for (String reference : references) {
      recorded.awaitState(reference, InstanceRow.VALID);
    }
  }

  private static ObjectNode params(String domain, String url) {
    return Json.MAPPER.createObjectNode().put("url", url).put("custom_domain", domain);
  }
}
