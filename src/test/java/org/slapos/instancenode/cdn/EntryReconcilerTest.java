package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.desired.DesiredCache;
import org.slapos.instancenode.desired.DesiredPoller;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.ParameterHash;
import org.slapos.instancenode.reconcile.Result;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.DomainValidation;
import org.slapos.instancenode.store.FirstRows;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.store.StateEvent;
import org.slapos.instancenode.testing.FakeClock;
import org.slapos.instancenode.testing.RecordingBangLedger;
import org.slapos.instancenode.testing.tls.TestPki;

class EntryReconcilerTest {
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final Duration RECHECK = Duration.ofMinutes(1);

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();
  private final RecordingBangLedger bangs = new RecordingBangLedger();
  private final RemovalHold hold = new RemovalHold();
  private final DesiredCache cache = new DesiredCache();
  private final DesiredPoller poller = new DesiredPoller(cache);
  private final List<InstanceRow> desired = new ArrayList<>();
  private final List<String> requeued = new ArrayList<>();
  private InstanceStore requestDb;
  private DomainStore domainDb;
  private EntryReconciler reconciler;

  @BeforeEach
  void open() {
    requestDb = InstanceStore.openRequestDb(dir.resolve("request.sqlite"));
    domainDb = DomainStore.open(dir.resolve("domain.sqlite"));
    reconciler = reconciler(new LifecyclePolicy(Optional.empty(), RECHECK, RETENTION));
  }

  private EntryReconciler reconciler(LifecyclePolicy policy) {
    return new EntryReconciler(
        cache,
        requestDb,
        domainDb,
        CheckChain.cdn(),
        OwnershipCheck.NONE,
        EntryPublisher.NONE,
        policy,
        hold,
        bangs,
        requeued::add,
        Optional.of(requestDb.backendProbes()),
        clock);
  }

  @AfterEach
  void close() {
    requestDb.close();
    domainDb.close();
  }

  private static InstanceRow valid(String reference, String parameters) {
    return new InstanceRow(
        reference, parameters, "{}", ParameterHash.ofDumped(parameters), "1", InstanceRow.VALID);
  }

  private void desire(InstanceRow... rows) {
    desired.clear();
    desired.addAll(List.of(rows));
    poller.replace(desired);
  }

  private InstanceRow observed(String reference) {
    return requestDb.find(reference).orElseThrow();
  }

  private JsonNode error(String reference) throws Exception {
    return Json.MAPPER.readTree(observed(reference).jsonError());
  }

  @Test
  void anEntryIsRecheckedWhenItsCertificateEntersItsWarningAndWhenItExpires() throws Exception {
    Instant until = FakeClock.START.plus(Duration.ofDays(40));
    TestPki.Issued server =
        TestPki.create("reconciler CA")
            .server(
                TestPki.Spec.of(TestPki.KeyType.EC, "www.example.com")
                    .validity(FakeClock.START.minus(Duration.ofDays(1)), until));
    ObjectNode parameters = Json.MAPPER.createObjectNode();
    parameters.put("ssl_crt", server.certificatePem());
    parameters.put("ssl_key", server.keyPem(TestPki.KeyFormat.TRADITIONAL));
    desire(valid("A", parameters.toString()));

    assertEquals(Result.requeueAfter(Duration.ofDays(10)), reconciler.reconcile("A"));
    assertEquals("{}", observed("A").jsonError());
    assertEquals(
        Map.of("A", FakeClock.START.plus(Duration.ofDays(10))),
        requestDb.certificateTimings().rechecks(),
        "the re-check moment is persisted for cron runs and restarts");
    assertEquals(Map.of("A", until), requestDb.certificateTimings().expiries());

    clock.advance(Duration.ofDays(10));
    assertEquals(Result.requeueAfter(Duration.ofDays(30)), reconciler.reconcile("A"));
    assertEquals(InstanceRow.VALID, observed("A").validParameter());
    assertTrue(error("A").get("warnings").get(0).asText().startsWith("ssl_crt expires on "));

    clock.advance(Duration.ofDays(30));
    assertEquals(Result.done(), reconciler.reconcile("A"));
    assertEquals(Reason.CERTIFICATE_EXPIRED, error("A").get("reason").asText());
    assertEquals(Map.of(), requestDb.certificateTimings().rechecks());
    assertEquals(Map.of("A", until), requestDb.certificateTimings().expiries());
  }

  @Test
  void aTranslatedCipherLeavesTheEntryValidWithAWarningThatIsWrittenOnce() throws Exception {
    desire(valid("A", "{\"ciphers\": \"AES128-SHA RSA-AES256-CBC-SHA\"}"));

    assertEquals(Result.done(), reconciler.reconcile("A"));
    InstanceRow first = observed("A");
    clock.advance(Duration.ofMinutes(5));
    reconciler.reconcile("A");

    assertEquals(InstanceRow.VALID, first.validParameter());
    assertEquals(
        "{\"warnings\": [\"ciphers: cipher RSA-AES256-CBC-SHA is translated to AES256-SHA\"]}",
        first.jsonError());
    assertEquals(first, observed("A"), "an unchanged warning writes nothing");
    assertEquals(new FirstRows(List.of(first), 1), requestDb.overview(2).warned());
  }

  @Test
  void anEntryFailingSeveralChecksListsThemAll() throws Exception {
    desire(
        valid(
            "A",
            "{\"server-alias\": \"www.example.com\", \"url-netloc-list\": \"nope\","
                + " \"ciphers\": \"NOT-A-CIPHER ECDHE-RSA-AES128-CBC-SHA\"}"));

    reconciler.reconcile("A");

    JsonNode error = error("A");
    assertEquals(Reason.ALIAS_WITHOUT_DOMAIN, error.get("reason").asText());
    assertEquals(3, error.get("errors").size(), error.toString());
    assertTrue(error.get("errors").get(1).asText().startsWith("url-netloc-list: 'nope'"));
    assertTrue(error.get("errors").get(2).asText().startsWith("ciphers: cipher NOT-A-CIPHER"));
    assertEquals(1, error.get("warnings").size());
  }

  @Test
  void newValidEntryIsRecordedValidWithItsHostsClaimedAndABangOwed() throws Exception {
    desire(
        valid(
            "A",
            "{\"custom_domain\": \"a.example.com\", \"server-alias\": \"www.a.example.com\"}"));

    assertEquals(Result.done(), reconciler.reconcile("A"));

    InstanceRow row = observed("A");
    assertEquals(InstanceRow.VALID, row.validParameter());
    assertEquals("{}", row.jsonError());
    assertEquals(cache.get("A").orElseThrow().hash(), row.hash());
    assertEquals(Set.of("a.example.com", "www.a.example.com"), domainDb.hosts("A"));
    assertEquals(1, bangs.count());
    assertEquals(1, requestDb.events("A").size());
  }

  @Test
  void reconcilingAnUnchangedEntryAgainWritesNothing() throws Exception {
    desire(valid("A", "{\"custom_domain\": \"a.example.com\"}"));
    reconciler.reconcile("A");
    InstanceRow before = observed("A");
    clock.advance(Duration.ofHours(1));

    reconciler.reconcile("A");

    assertEquals(before, observed("A"), "timestamp kept");
    assertEquals(1, requestDb.events("A").size());
    assertEquals(1, bangs.count());
  }

  @Test
  void servedEntryWhoseParametersChangeOwesABang() throws Exception {
    desire(valid("A", "{\"custom_domain\": \"a.example.com\", \"url\": \"https://old\"}"));
    reconciler.reconcile("A");
    assertEquals(1, bangs.count());

    desire(valid("A", "{\"custom_domain\": \"a.example.com\", \"url\": \"https://new\"}"));
    reconciler.reconcile("A");

    assertEquals(InstanceRow.VALID, observed("A").validParameter());
    assertEquals(2, bangs.count(), "the frontends must re-read the new backend");
  }

  @Test
  void refusedEntryWhoseParametersChangeButStaysRefusedOwesNoBang() throws Exception {
    desire(valid("A", "{\"custom_domain\": \"a.example.com\"}"));
    reconciler.reconcile("A");
    desire(
        valid("A", "{\"custom_domain\": \"a.example.com\"}"),
        valid("B", "{\"custom_domain\": \"b.example.com\", \"server-alias\": \"a.example.com\"}"));
    reconciler.reconcile("B");
    int before = bangs.count();

    desire(
        valid("A", "{\"custom_domain\": \"a.example.com\"}"),
        valid(
            "B",
            "{\"custom_domain\": \"b.example.com\", \"server-alias\": \"a.example.com\","
                + " \"url\": \"https://other\"}"));
    reconciler.reconcile("B");

    assertEquals(InstanceRow.INVALID, observed("B").validParameter());
    assertEquals(2, requestDb.events("B").size(), "the new parameters are recorded");
    assertEquals(before, bangs.count(), "nothing the frontends serve changed");
  }

  @Test
  void aRowWrittenWithPythonsBooleanStateIsNotRewrittenWhenNothingChanged() throws Exception {
    InstanceRow a = valid("A", "{\"custom_domain\": \"a.example.com\"}");
    requestDb.write(
        List.of(new InstanceRow("A", a.jsonParameters(), "{}", a.hash(), "7", "1")), List.of());
    domainDb.claimHosts("A", Set.of("a.example.com"));
    desire(a);

    reconciler.reconcile("A");

    assertEquals("7", observed("A").timestamp());
    assertEquals(0, bangs.count());
    assertEquals(0, requestDb.events("A").size());
  }

  @Test
  void aChangedDomainReleasesTheOldNamesInTheSameReconcileEvenWhenTheEntryFails() throws Exception {
    desire(valid("A", "{\"custom_domain\": \"a.example.com\"}"));
    reconciler.reconcile("A");
    assertEquals(Set.of("a.example.com"), domainDb.hosts("A"));

    InstanceRow b =
        valid("B", "{\"custom_domain\": \"b.example.com\", \"server-alias\": \"a.example.com\"}");
    desire(
        valid("A", "{\"custom_domain\": \"c.example.com\", \"server-alias\": \"not a name!\"}"), b);
    reconciler.reconcile("A");

    assertEquals(InstanceRow.INVALID, observed("A").validParameter());
    assertEquals(Set.of(), domainDb.hosts("A"), "a.example.com is no longer asked for");
    assertTrue(requeued.contains("B"), "the entry asking for the old name is checked again");
    reconciler.reconcile("B");
    assertEquals(InstanceRow.VALID, observed("B").validParameter(), observed("B").jsonError());
    assertEquals(Set.of("a.example.com", "b.example.com"), domainDb.hosts("B"));
  }

  @Test
  void schemaErrorsAreReportedWithTheSchemaReason() throws Exception {
    desire(
        new InstanceRow(
            "B",
            "{\"url\": \"x\"}",
            "{\"errors\": [\"$.url: does not match\"], \"message\": \"$.url: does not match\","
                + " \"reason\": \"schema\"}",
            "h",
            "1",
            InstanceRow.INVALID));

    reconciler.reconcile("B");

    assertEquals(InstanceRow.INVALID, observed("B").validParameter());
    assertEquals("schema", error("B").get("reason").asText());
    assertEquals("$.url: does not match", error("B").get("errors").get(0).asText());
    assertEquals(1, bangs.count(), "an entry was added");
  }

  @Test
  void entryRefusedAsTooLargeKeepsItsReason() throws Exception {
    desire(
        new InstanceRow(
            "HUGE",
            "{}",
            "{\"errors\": [\"field \\\"parameters\\\" is 20000000 bytes\"], \"message\":"
                + " \"field \\\"parameters\\\" is 20000000 bytes\", \"reason\": \"entry-too-large\"}",
            "h",
            "1",
            InstanceRow.INVALID));

    reconciler.reconcile("HUGE");

    assertEquals("entry-too-large", error("HUGE").get("reason").asText());
    assertEquals(
        "field \"parameters\" is 20000000 bytes", error("HUGE").get("errors").get(0).asText());
  }

  @Test
  void hostNamesInsideWrappedParametersAreChecked() throws Exception {
    desire(
        valid(
            "A",
            "{\"_\": \"{\\\"custom_domain\\\": \\\"a.example.com\\\","
                + " \\\"server-alias\\\": \\\"shop.other.com\\\"}\"}"));

    reconciler.reconcile("A");

    assertEquals(InstanceRow.INVALID, observed("A").validParameter());
    assertEquals(Reason.ALIAS_FOREIGN_DOMAIN, error("A").get("reason").asText());
  }

  @Test
  void booleanStatesOfEarlierSlapOsReleasesAreUnderstood() throws Exception {
    InstanceRow one = valid("ONE", "{}");
    desire(
        new InstanceRow("ONE", one.jsonParameters(), "{}", one.hash(), "1", "1"),
        new InstanceRow(
            "ZERO",
            "{}",
            "{\"errors\": [\"'x' is not valid\"], \"message\": \"'x' is not valid\"}",
            "h",
            "1",
            "0"));

    reconciler.reconcile("ONE");
    reconciler.reconcile("ZERO");

    assertEquals(InstanceRow.VALID, observed("ONE").validParameter());
    assertEquals(InstanceRow.INVALID, observed("ZERO").validParameter());
    assertEquals("'x' is not valid", error("ZERO").get("errors").get(0).asText());
  }

  @Test
  void laterClaimantOfAHostGetsAnAliasConflictAndTheFirstKeepsIt() throws Exception {
    desire(
        valid("first", "{\"custom_domain\": \"shop.example.com\"}"),
        valid(
            "second",
            "{\"custom_domain\": \"other.example.com\", \"server-alias\": \"*.shop.example.com\"}"));
    reconciler.reconcile("first");
    reconciler.reconcile("second");

    assertEquals(InstanceRow.VALID, observed("first").validParameter());
    assertEquals(InstanceRow.INVALID, observed("second").validParameter());
    assertEquals("alias-conflict", error("second").get("reason").asText());
    assertTrue(error("second").get("message").asText().contains("shop.example.com"));
    assertEquals(Set.of(), domainDb.hosts("second"), "an invalid entry claims nothing");

    desire(
        valid(
            "second",
            "{\"custom_domain\": \"other.example.com\", \"server-alias\": \"*.shop.example.com\"}"));
    reconciler.reconcile("first");
    assertEquals(List.of("second"), requeued, "the entry waiting for the host is checked again");
    reconciler.reconcile("second");
    assertEquals(InstanceRow.VALID, observed("second").validParameter(), "free once released");
  }

  @Test
  void aDomainValidatedByAnotherEntryIsADomainConflictEvenOnceItsHolderClaimedTheHost()
      throws Exception {
    String parameters = "{\"custom_domain\": \"shop.example.com\"}";
    desire(valid("first", parameters), valid("second", parameters));
    domainDb.put(new DomainValidation("first", "shop.example.com", "t1", true, "1"));
    OwnershipCheck domainHeldByFirst =
        entry ->
            entry.reference().equals("first")
                ? Ownership.proven()
                : Ownership.refused(
                    new ChallengePlan.Decision.Conflict("shop.example.com", "first").failure());
    reconciler =
        new EntryReconciler(
            cache,
            requestDb,
            domainDb,
            CheckChain.cdn(),
            domainHeldByFirst,
            EntryPublisher.NONE,
            new LifecyclePolicy(Optional.empty(), RECHECK, RETENTION),
            hold,
            bangs,
            requeued::add,
            Optional.of(requestDb.backendProbes()),
            clock);
    reconciler.reconcile("first");

    reconciler.reconcile("second");

    assertEquals(Set.of("shop.example.com"), domainDb.hosts("first"));
    JsonNode error = error("second");
    assertEquals(Reason.DOMAIN_CONFLICT, error.get("reason").asText(), error.toString());
    assertEquals(1, error.get("errors").size(), error.toString());
  }

  @Test
  void desiredStoppedEntryIsRecordedStoppedAndKeepsItsHosts() throws Exception {
    desire(valid("S", "{\"custom_domain\": \"s.example.com\"}"));
    reconciler.reconcile("S");
    InstanceRow stopped =
        new InstanceRow(
            "S",
            observed("S").jsonParameters(),
            "{}",
            observed("S").hash(),
            "1",
            InstanceRow.STOPPED);
    desire(stopped);

    reconciler.reconcile("S");

    assertEquals(InstanceRow.STOPPED, observed("S").validParameter());
    assertEquals(Set.of("s.example.com"), domainDb.hosts("S"));
    assertEquals(2, bangs.count(), "no longer served");
  }

  @Test
  void absentEntryIsRetainedThenForgotten() throws Exception {
    desire(valid("R", "{\"custom_domain\": \"r.example.com\"}"));
    reconciler.reconcile("R");
    domainDb.put(new DomainValidation("R", "r.example.com", "token", true, "1"));
    desire();

    Result retained = reconciler.reconcile("R");

    assertEquals(Result.requeueAfter(RETENTION), retained);
    assertEquals(InstanceRow.STOPPED, observed("R").validParameter());
    assertEquals(
        Optional.of(Long.toString(FakeClock.START.getEpochSecond())), requestDb.absentSince("R"));
    assertEquals(Set.of(), domainDb.hosts("R"), "hosts released");
    DomainValidation token = domainDb.find("R").orElseThrow();
    assertFalse(token.validated());
    assertEquals("token", token.token(), "token kept");

    clock.advance(Duration.ofDays(3));
    assertEquals(Result.requeueAfter(Duration.ofDays(4)), reconciler.reconcile("R"));

    clock.advance(Duration.ofDays(4));
    assertEquals(Result.done(), reconciler.reconcile("R"));
    assertTrue(requestDb.find("R").isEmpty());
    assertTrue(domainDb.find("R").isEmpty());
    List<StateEvent> events = requestDb.events("R");
    assertEquals(
        java.util.Arrays.asList(null, "valid", "stopped"),
        events.stream().map(StateEvent::fromState).toList());
    assertEquals(
        java.util.Arrays.asList("valid", "stopped", null),
        events.stream().map(StateEvent::toState).toList());
    assertEquals(3, requestDb.events("R").size());
    assertEquals(3, bangs.count(), "added, no longer served, forgotten");
  }

  @Test
  void returningEntryIsReclaimedDuringRetention() throws Exception {
    InstanceRow row = valid("R", "{\"custom_domain\": \"r.example.com\"}");
    desire(row);
    reconciler.reconcile("R");
    desire();
    reconciler.reconcile("R");
    clock.advance(Duration.ofDays(1));

    desire(row);
    assertEquals(Result.done(), reconciler.reconcile("R"));

    assertEquals(InstanceRow.VALID, observed("R").validParameter());
    assertTrue(requestDb.absentSince("R").isEmpty());
    assertEquals(Set.of("r.example.com"), domainDb.hosts("R"));
  }

  @Test
  void aReturnFromThePythonNodesRetentionRemembersTheDomainOnlyWhenItWasServed() throws Exception {
    String parameters = "{\"custom_domain\": \"r.example.com\"}";
    String pending =
        "{\"message\": \"m\", \"txt_record\": \"_slapos-challenge.p.example.com\","
            + " \"txt_value\": \"tp\"}";
    // As the Python node leaves them: json_error untouched by the stop, validated = 0 either way.
    requestDb
        .batch()
        .upsert(new InstanceRow("R", parameters, "{}", "h", "100", InstanceRow.STOPPED))
        .upsert(new InstanceRow("P", parameters, pending, "h", "100", InstanceRow.STOPPED))
        .commit();
    domainDb.put(new DomainValidation("R", "r.example.com", "tr", false, "100"));
    domainDb.put(new DomainValidation("P", "p.example.com", "tp", false, "100"));
    desire(valid("R", parameters), valid("P", "{\"custom_domain\": \"p.example.com\"}"));

    reconciler.reconcile("R");
    reconciler.reconcile("P");

    assertTrue(domainDb.reclaim("R", "r.example.com", "200"), "served when stopped");
    assertFalse(domainDb.reclaim("P", "p.example.com", "200"), "its challenge was pending");
  }

  @Test
  void anEntryThisNodeStoppedIsNotTakenForOneThePythonNodeStopped() throws Exception {
    String parameters = "{\"custom_domain\": \"s.example.com\"}";
    InstanceRow row = valid("S", parameters);
    desire(new InstanceRow("S", parameters, "{}", row.hash(), "1", InstanceRow.STOPPED));
    reconciler.reconcile("S");
    assertEquals(InstanceRow.STOPPED, observed("S").validParameter());
    assertEquals("{}", observed("S").jsonError());
    // Its challenge never passed (no ownership check here): nothing to give back on return.
    domainDb.put(new DomainValidation("S", "s.example.com", "ts", false, "1"));

    desire(row);
    reconciler.reconcile("S");

    assertFalse(domainDb.reclaim("S", "s.example.com", "200"));
  }

  @Test
  void heldRemovalChangesNothing() throws Exception {
    desire(valid("H", "{}"));
    reconciler.reconcile("H");
    desire();
    hold.hold(Set.of("H"));

    assertEquals(Result.done(), reconciler.reconcile("H"));
    assertEquals(InstanceRow.VALID, observed("H").validParameter());
  }

  @Test
  void zeroRetentionForgetsAtOnce() throws Exception {
    reconciler = reconciler(new LifecyclePolicy(Optional.empty(), RECHECK, Duration.ZERO));
    desire(valid("Z", "{\"custom_domain\": \"z.example.com\"}"));
    reconciler.reconcile("Z");
    desire();

    assertEquals(Result.done(), reconciler.reconcile("Z"));
    assertTrue(requestDb.find("Z").isEmpty());
    assertEquals(Set.of(), domainDb.hosts("Z"));
  }

  @Test
  void entryIsDeployingUntilThePublishFileHasItsSection() throws Exception {
    Path publish = dir.resolve("instance-publish-slave-information.cfg");
    reconciler = reconciler(new LifecyclePolicy(Optional.of(publish), RECHECK, RETENTION));
    desire(valid("P", "{}"));

    assertEquals(Result.requeueAfter(RECHECK), reconciler.reconcile("P"));
    assertEquals("cluster-deploying", error("P").get("reason").asText());
    int owed = bangs.count();
    assertEquals(1, owed, "a bang is asked so that the master re-renders");

    Files.writeString(publish, "[publish-OTHER]\nx = 1\n[publish-P]\nurl = https://p\n");
    assertEquals(Result.done(), reconciler.reconcile("P"));
    assertEquals(InstanceRow.VALID, observed("P").validParameter());
  }
}
