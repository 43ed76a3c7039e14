package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.engine.BangCoordinator;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.SqliteCli;
import org.slapos.instancenode.testing.master.FakeMaster;
import org.slapos.instancenode.testing.master.SharedInstance;

/**
 * A {@code run --once} whose master never answers fits in its {@code run-once-deadline}: the
 * master's calls end at the deadline instead of taking three attempts of 30 s each. A listing not
 * had changes nothing; a bang not sent stays owed and the next run sends it. Both exit 4 and say
 * why, and release the lock.
 */
class MasterDeadlineIT {
  private static final String HOST = "SOFTINST-HOST";
  private static final Duration DEADLINE = Duration.ofSeconds(3);
  // The bang comes after the pass and the reconcile: room for them before the master is silent.
  private static final Duration BANG_DEADLINE = Duration.ofSeconds(5);
  // Generous for a loaded machine: the old behaviour took about 90 s.
  private static final Duration BOUND = Duration.ofSeconds(15);

  @TempDir Path dir;
  private final FakeMaster master = FakeMaster.http();
  private NodeDir files;

  @AfterEach
  void stop() {
    master.close();
    master.assertNoContractViolations();
  }

  private static SharedInstance entry(String reference) throws IOException {
    return SharedInstance.started(
        reference,
        reference,
        (ObjectNode)
            Json.MAPPER.readTree("{\"url\": \"https://" + reference.toLowerCase() + ".example\"}"));
  }

  /** Master mode with {@code deadline} (the default when null). */
  private void configure(Duration deadline) throws IOException {
    files = new NodeDir(dir);
    files.writeConfig(
        "desired-state = master",
        "master-api-url = " + master.baseUrl(),
        "instance-guid = " + HOST,
        "software-schema = " + NodeDir.RAPID_CDN_SOFTWARE,
        "software-type = default",
        "bang-min-interval = 0s",
        deadline == null ? "" : "run-once-deadline = " + deadline.toSeconds() + "s");
  }

  private CommandRun runOnce() {
    return CommandRun.of("run", "--once", "--config", files.config().toString());
  }

  /** Runs once: exit 4 well before the retries of a silent master would have ended. */
  private CommandRun runOnceCutShort(Duration deadline) {
    long started = System.nanoTime();
    CommandRun run = runOnce();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(ExitCode.INCOMPLETE, run.exitCode(), run.out() + run.err());
    assertTrue(took.compareTo(BOUND) < 0, "took " + took);
    assertTrue(
        run.out()
            .contains(
                "incomplete: run-once-deadline ("
                    + deadline.toSeconds()
                    + " s) reached; the entries not checked are left as they were, for the next"
                    + " run:\n"),
        run.out());
    return run;
  }

  private JsonNode requestRows() throws IOException, InterruptedException {
    return SqliteCli.query(files.requestDb(), "SELECT * FROM instance ORDER BY reference;");
  }

  @Test
  void aListingNotHadByTheDeadlineChangesNothing() throws Exception {
    master.addHost(HOST);
    master.putShared(HOST, entry("SHARED-1"));
    configure(null);
    CommandRun populated = runOnce();
    assertEquals(ExitCode.OK, populated.exitCode(), populated.out() + populated.err());
    JsonNode before = requestRows();
    assertEquals(Map.of("SHARED-1", "valid"), files.recordedStates());

    master.hang(FakeMaster.INSTANCE_LIST);
    configure(DEADLINE);
    CommandRun cut = runOnceCutShort(DEADLINE);
    assertTrue(
        cut.out()
            .contains(
                "  the master did not answer by the deadline (cannot list the shared instances"),
        cut.out());
    assertTrue(cut.out().contains("); nothing was changed\n"), cut.out());
    assertEquals(before, requestRows(), "no entry removed, no row touched");

    // The lock was released: the next run is not refused, and the master back ends the story.
    master.clearFaults();
    CommandRun after = runOnce();
    assertEquals(ExitCode.OK, after.exitCode(), after.out() + after.err());
    assertEquals(Map.of("SHARED-1", "valid"), files.recordedStates());
  }

  @Test
  void aBangTheMasterDidNotTakeByTheDeadlineStaysOwedForTheNextRun() throws Exception {
    master.addHost(HOST);
    master.putShared(HOST, entry("SHARED-1"));
    master.hang(FakeMaster.PUT_BANG);
    configure(BANG_DEADLINE);

    CommandRun cut = runOnceCutShort(BANG_DEADLINE);
    assertTrue(
        cut.out()
            .contains(
                "  the bang of the host instance is still owed, for the next run to send: the"
                    + " master did not answer by the deadline\n"),
        cut.out());
    assertEquals(Map.of("SHARED-1", "valid"), files.recordedStates());
    assertEquals(List.of(), master.bangs(HOST), "no bang taken");
    assertEquals(1, owedMarkers(), "the debt is kept in the request DB");

    // The hung call is answered once released, but its client left: the debt is the next run's.
    master.clearFaults();
    int attempts = master.count(FakeMaster.PUT_BANG);
    configure(null);
    CommandRun next = runOnce();
    assertEquals(ExitCode.OK, next.exitCode(), next.out() + next.err());
    assertEquals(attempts + 1, master.count(FakeMaster.PUT_BANG), "the owed bang sent");
    assertEquals(0, owedMarkers(), "and settled");
  }

  private int owedMarkers() throws IOException, InterruptedException {
    return SqliteCli.query(
            files.requestDb(),
            "SELECT * FROM node_meta WHERE key = '" + BangCoordinator.OWED_KEY + "';")
        .size();
  }
}
