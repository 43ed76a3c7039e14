package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.RecordedEntries.awaitUntil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.cli.CommandRun;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.PythonJson;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.StateEvent;
import org.slapos.instancenode.testing.InProcessDaemon;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.PythonInstanceDb;
import org.slapos.instancenode.testing.RecordedEntries;
import org.slapos.instancenode.testing.RecordingBangTarget;
import org.slapos.instancenode.testing.ScrapedMetrics;

/**
 * The daemon in drop-in mode: SlapOS's slapconfiguration writes the instance DB (here the sqlite3
 * tool, exactly as Python would), and each SIGHUP pass reconciles it into the request DB and the
 * domain DB, announcing changes with bangs.
 */
class DropInDaemonIT {
  private static final String A = "SHARED-A";
  private static final String B = "SHARED-B";
  private static final String C = "SHARED-C";

  @TempDir Path dir;
  private final RecordingBangTarget bangs = new RecordingBangTarget();
  private PythonInstanceDb slapos;
  private InProcessDaemon daemon;
  private RecordedEntries recorded;
  private NodeDir node;

  @BeforeEach
  void startDaemon() throws Exception {
    node = new NodeDir(dir);
    slapos = PythonInstanceDb.create(node.instanceDb());
    node.writeConfig(
        "desired-state = instance-db",
        "kind = cdn",
        "resync-period = 1h",
        "instance-retention-delay = 3",
        "bang-min-interval = 0",
        "metrics-address = 127.0.0.1:0",
        "workers = 2");
    daemon = InProcessDaemon.start(NodeConfig.load(node.config()), bangs);
    daemon.awaitReady();
    recorded = RecordedEntries.open(node);
  }

  @AfterEach
  void stopDaemon() throws Exception {
    try {
      daemon.close();
    } finally {
      if (recorded != null) {
        recorded.close();
      }
    }
  }

  @Test
  void addedEntriesAreRecordedValidOrInvalidForTheirSchemaErrors() throws Exception {
    ObjectNode a = params("a.example.com", "www.a.example.com");
    ObjectNode s = params("s.example.com").put("https-only", "sometimes");
    slapos
        .change()
        .valid(A, a)
        .invalid(B, s, "$['https-only']: does not have a value in the enumeration [true, false]")
        .commit();
    daemon.hangup();

    recorded.awaitState(A, InstanceRow.VALID);
    recorded.awaitState(B, InstanceRow.INVALID);
    InstanceRow valid = recorded.row(A);
    assertEquals(PythonJson.dumps(a), valid.jsonParameters());
    assertEquals(PythonInstanceDb.hash(a), valid.hash());
    assertEquals("{}", valid.jsonError());
    assertEquals(List.of("new>valid"), recorded.history(A));
    assertEquals(Set.of("a.example.com", "www.a.example.com"), recorded.hosts(A));
    JsonNode error = recorded.jsonError(B);
    assertEquals("schema", error.path("reason").asText(), error.toString());
    assertEquals(
        "$['https-only']: does not have a value in the enumeration [true, false]",
        error.path("errors").path(0).asText());
    assertEquals(List.of("new>invalid(schema)"), recorded.history(B));
    assertEquals(Set.of(), recorded.hosts(B), "an invalid entry claims no host");
    awaitBangsSettled(1);
  }

  @Test
  void freshSchemaErrorsWithUnchangedParametersReachTheRequestDb() throws Exception {
    ObjectNode s = params("s.example.com").put("https-only", "sometimes");
    slapos.change().invalid(B, s, "$['https-only']: old schema's error").commit();
    daemon.hangup();
    recorded.awaitState(B, InstanceRow.INVALID);
    long recordedAt = timestamp(recorded.row(B));
    // slapconfiguration's next run, a second later at least, under a new release's schema.
    awaitUntil(() -> Instant.now().getEpochSecond() > recordedAt);

    slapos.change().invalid(B, s, "$['https-only']: new schema's error").commit();
    daemon.hangup();

    awaitUntil(
        () ->
            recorded
                .jsonError(B)
                .path("errors")
                .path(0)
                .asText()
                .equals("$['https-only']: new schema's error"));
    assertEquals(
        "$['https-only']: new schema's error", recorded.jsonError(B).path("message").asText());
    assertEquals(PythonInstanceDb.hash(s), recorded.row(B).hash(), "the parameters are the same");
    assertEquals(List.of("new>invalid(schema)", "invalid>invalid(schema)"), recorded.history(B));
  }

  @Test
  void modifiedServedEntryIsRecordedWithItsNewHostsAndOwesABang() throws Exception {
    slapos.change().valid(A, params("a.example.com", "www.a.example.com")).commit();
    daemon.hangup();
    recorded.awaitState(A, InstanceRow.VALID);
    int bangsBefore = awaitBangsSettled(1);

    ObjectNode modified = params("a2.example.com").put("url", "https://new-backend.example.net");
    slapos.change().valid(A, modified).commit();
    daemon.hangup();

    awaitUntil(() -> recorded.row(A).hash().equals(PythonInstanceDb.hash(modified)));
    assertEquals(PythonJson.dumps(modified), recorded.row(A).jsonParameters());
    assertEquals(InstanceRow.VALID, recorded.row(A).validParameter());
    assertEquals(List.of("new>valid", "valid>valid"), recorded.history(A));
    assertEquals(Set.of("a2.example.com"), recorded.hosts(A), "the old hosts are released");
    // The frontends serve the new backend only once the host instance re-renders them.
    awaitBangsSettled(bangsBefore + 1);
  }

  @Test
  void removedEntryIsStoppedReleasingItsHostsThenForgottenAfterRetention() throws Exception {
    slapos.change().valid(A, params("a.example.com")).valid(C, params("c.example.com")).commit();
    daemon.hangup();
    recorded.awaitState(A, InstanceRow.VALID);
    recorded.awaitState(C, InstanceRow.VALID);
    slapos.change().valid(B, params("b.example.com", "a.example.com")).commit();
    daemon.hangup();
    recorded.awaitState(B, InstanceRow.INVALID);
    int bangsBefore = awaitBangsSettled(1);

    slapos.change().delete(A).commit();
    daemon.hangup();

    recorded.awaitState(A, InstanceRow.STOPPED);
    assertTrue(
        recorded.jsonError(A).path("message").asText().startsWith("absent from the desired state"),
        recorded.row(A).jsonError());
    assertEquals(Set.of(), recorded.hosts(A));
    assertTrue(recorded.requestDb().absentSince(A).isPresent());
    assertEquals(List.of("new>valid", "valid>stopped"), recorded.history(A));
    recorded.awaitState(B, InstanceRow.VALID);
    assertEquals(
        Set.of("a.example.com", "b.example.com"),
        recorded.hosts(B),
        "the entry waiting for the released host gets it");
    int bangsAfterRemoval = awaitBangsSettled(bangsBefore + 1);

    // No further change and no pass: the engine comes back on its own when retention ends.
    awaitUntil(() -> recorded.requestDb().find(A).isEmpty());
    awaitBangsSettled(bangsAfterRemoval + 1);
    assertEquals(List.of("new>valid", "valid>stopped", "stopped>forgotten"), recorded.history(A));
    List<StateEvent> history = recorded.requestDb().events(A);
    long stoppedAt = Long.parseLong(history.get(1).at());
    long forgottenAt = Long.parseLong(history.get(2).at());
    assertTrue(forgottenAt - stoppedAt >= 3, "forgotten only after the 3 s retention");
    assertEquals(Optional.empty(), recorded.requestDb().absentSince(A));
    assertEquals(Optional.empty(), recorded.domainDb().find(A));
    assertEquals(InstanceRow.VALID, recorded.row(C).validParameter());
  }

  @Test
  void desiredStoppedEntryIsRecordedStoppedAndKeepsItsHosts() throws Exception {
    ObjectNode a = params("a.example.com");
    slapos.change().valid(A, a).commit();
    daemon.hangup();
    recorded.awaitState(A, InstanceRow.VALID);
    int bangsBefore = awaitBangsSettled(1);

    slapos.change().stopped(A, a).commit();
    daemon.hangup();

    recorded.awaitState(A, InstanceRow.STOPPED);
    assertEquals("{}", recorded.row(A).jsonError());
    assertEquals(List.of("new>valid", "valid>stopped"), recorded.history(A));
    assertEquals(
        Set.of("a.example.com"), recorded.hosts(A), "nobody takes its name while it is stopped");
    assertEquals(Optional.empty(), recorded.requestDb().absentSince(A), "stopped is not absent");
    bangsBefore = awaitBangsSettled(bangsBefore + 1);

    slapos.change().valid(A, a).commit();
    daemon.hangup();

    recorded.awaitState(A, InstanceRow.VALID);
    assertEquals(List.of("new>valid", "valid>stopped", "stopped>valid"), recorded.history(A));
    awaitBangsSettled(bangsBefore + 1);
  }

  @Test
  void entryBackWithinRetentionIsReclaimedWithItsHosts() throws Exception {
    ObjectNode a = params("a.example.com", "www.a.example.com");
    slapos.change().valid(A, a).valid(C, params("c.example.com")).commit();
    daemon.hangup();
    recorded.awaitState(A, InstanceRow.VALID);
    // C recorded too: else A alone is the entries known, and its removal is held as a mass one.
    recorded.awaitState(C, InstanceRow.VALID);
    slapos.change().delete(A).commit();
    daemon.hangup();
    recorded.awaitState(A, InstanceRow.STOPPED);
    assertEquals(Set.of(), recorded.hosts(A));

    slapos.change().valid(A, a).commit();
    daemon.hangup();

    recorded.awaitState(A, InstanceRow.VALID);
    assertEquals(Set.of("a.example.com", "www.a.example.com"), recorded.hosts(A));
    assertEquals(Optional.empty(), recorded.requestDb().absentSince(A));
    assertEquals(List.of("new>valid", "valid>stopped", "stopped>valid"), recorded.history(A));

    // The retention's own wake-up still comes, and must leave the returned entry alone.
    double reconciles = reconciles();
    awaitUntil(() -> reconciles() >= reconciles + 1);
    assertEquals(InstanceRow.VALID, recorded.row(A).validParameter());
    assertEquals(List.of("new>valid", "valid>stopped", "stopped>valid"), recorded.history(A));
  }

  @Test
  void aliasConflictLeavesTheHostWithTheFirstClaimant() throws Exception {
    slapos.change().valid(A, params("shop.example.com")).commit();
    daemon.hangup();
    recorded.awaitState(A, InstanceRow.VALID);

    slapos.change().valid(B, params("blog.example.com", "shop.example.com")).commit();
    daemon.hangup();

    recorded.awaitState(B, InstanceRow.INVALID);
    JsonNode error = recorded.jsonError(B);
    assertEquals("alias-conflict", error.path("reason").asText(), error.toString());
    assertTrue(error.path("message").asText().contains("shop.example.com"), error.toString());
    assertEquals(List.of("new>invalid(alias-conflict)"), recorded.history(B));
    assertEquals(Set.of("shop.example.com"), recorded.hosts(A));
    assertEquals(Set.of(), recorded.hosts(B), "the loser claims none of its hosts");
    assertEquals(InstanceRow.VALID, recorded.row(A).validParameter());
  }

  @Test
  void unchangedInvalidEntriesKeepTheirRowsAndLogNoEventOnLaterPasses() throws Exception {
    slapos.change().valid(A, params("shop.example.com")).commit();
    daemon.hangup();
    recorded.awaitState(A, InstanceRow.VALID);
    slapos
        .change()
        .valid(B, params("blog.example.com", "shop.example.com"))
        .invalid(C, params("c.example.com").put("https-only", "sometimes"), "bad https-only")
        .commit();
    daemon.hangup();
    recorded.awaitState(B, InstanceRow.INVALID);
    recorded.awaitState(C, InstanceRow.INVALID);
    InstanceRow conflicting = recorded.row(B);
    InstanceRow schemaInvalid = recorded.row(C);
    long recordedAt = Math.max(timestamp(conflicting), timestamp(schemaInvalid));
    // A rewrite in the same second would keep the timestamp by chance.
    awaitUntil(() -> Instant.now().getEpochSecond() > recordedAt);
    ScrapedMetrics before = daemon.scrape();

    daemon.hangup();

    // A SIGHUP pass re-checks the entry that failed a check (not the schema-invalid one).
    awaitUntil(() -> passes() >= passes(before) + 1 && reconciles() >= reconciles(before) + 1);
    assertEquals(conflicting, recorded.row(B));
    assertEquals(schemaInvalid, recorded.row(C));
    assertEquals(List.of("new>invalid(alias-conflict)"), recorded.history(B));
    assertEquals(List.of("new>invalid(schema)"), recorded.history(C));
  }

  @Test
  void removingMostEntriesAtOnceIsHeldUntilTheNextListingConfirmsIt() throws Exception {
    slapos
        .change()
        .valid(A, params("a.example.com"))
        .valid(B, params("b.example.com"))
        .valid(C, params("c.example.com"))
        .commit();
    daemon.hangup();
    for (String reference : List.of(A, B, C)) {
      recorded.awaitState(reference, InstanceRow.VALID);
    }
    slapos.change().deleteAll().commit();

    daemon.hangup();

    awaitUntil(
        () -> recorded.requestDb().meta(Pass.HELD_REMOVALS).filter(s -> !s.isEmpty()).isPresent());
    for (String reference : List.of(A, B, C)) {
      assertEquals(InstanceRow.VALID, recorded.row(reference).validParameter(), reference);
      assertEquals(List.of("new>valid"), recorded.history(reference), reference);
    }
    assertEquals(Set.of("a.example.com"), recorded.hosts(A));

    daemon.hangup();

    for (String reference : List.of(A, B, C)) {
      recorded.awaitState(reference, InstanceRow.STOPPED);
      assertEquals(Set.of(), recorded.hosts(reference), reference);
    }
    assertEquals(Optional.of(""), recorded.requestDb().meta(Pass.HELD_REMOVALS));
  }

  @Test
  void everyPassRecordsItsOutcomeWhichCheckJudgesBesideTheDaemon() throws Exception {
    LastRun first = LastRun.read(recorded.requestDb()).orElseThrow();
    assertEquals("daemon", first.mode());
    assertTrue(first.succeeded(), first.error());

    slapos.change().valid(A, params("a.example.com")).commit();
    daemon.hangup();
    awaitUntil(() -> LastRun.read(recorded.requestDb()).orElseThrow().at().isAfter(first.at()));
    recorded.awaitState(A, InstanceRow.VALID);

    CommandRun check = CommandRun.of("check", "--config", node.config().toString());
    assertEquals(0, check.exitCode(), check.out() + check.err());
    assertTrue(check.out().startsWith("OK: the last run (daemon) ended at "), check.out());
  }

  @Test
  void opsEndpointsAnswerOnTheBoundPort() throws Exception {
    slapos
        .change()
        .valid(A, params("a.example.com"))
        .invalid(B, params("b.example.com"), "bad")
        .commit();
    daemon.hangup();
    recorded.awaitState(A, InstanceRow.VALID);
    recorded.awaitState(B, InstanceRow.INVALID);
    awaitBangsSettled(1);
    double passes = passes();

    // The entries gauge counts what the request DB holds when scraped.
    daemon.hangup();
    awaitUntil(() -> passes() >= passes + 1);

    assertEquals(200, daemon.get("/healthz").statusCode());
    assertEquals("ok\n", daemon.get("/healthz").body());
    assertEquals(200, daemon.get("/readyz").statusCode());
    assertEquals(404, daemon.get("/nothing-here").statusCode());
    ScrapedMetrics metrics = daemon.scrape();
    assertEquals(
        2,
        metrics.value(
            "controller_runtime_max_concurrent_reconciles", "controller", "cdn-instance-node"),
        "workers = 2");
    assertEquals(1, metrics.value("instancenode_entries", "state", "valid", "reason", ""));
    assertEquals(1, metrics.value("instancenode_entries", "state", "invalid", "reason", "schema"));
    assertEquals(bangs.sent().size(), metrics.value("instancenode_bangs_total", "result", "sent"));
    assertEquals(
        0,
        metrics.value(
            "workqueue_depth",
            "name",
            "cdn-instance-node",
            "controller",
            "cdn-instance-node",
            "priority",
            ""));
  }

  private static ObjectNode params(String domain, String... aliases) {
    ObjectNode params =
        Json.MAPPER
            .createObjectNode()
            .put("url", "https://backend.example.net:8443")
            .put("custom_domain", domain);
    if (aliases.length > 0) {
      params.put("server-alias", String.join(" ", aliases));
    }
    return params;
  }

  private static long timestamp(InstanceRow row) {
    return Long.parseLong(row.timestamp());
  }

  /** Waits for at least {@code count} bangs and nothing owed any more; returns how many. */
  private int awaitBangsSettled(int count) {
    awaitUntil(
        () ->
            bangs.sent().size() >= count
                && recorded.requestDb().meta(BangCoordinator.OWED_KEY).isEmpty());
    return bangs.sent().size();
  }

  private double reconciles() throws Exception {
    return reconciles(daemon.scrape());
  }

  private static double reconciles(ScrapedMetrics metrics) {
    return metrics.sum("controller_runtime_reconcile_total");
  }

  private double passes() throws Exception {
    return passes(daemon.scrape());
  }

  private static double passes(ScrapedMetrics metrics) {
    return metrics.value("instancenode_passes_total", "result", "success");
  }
}
