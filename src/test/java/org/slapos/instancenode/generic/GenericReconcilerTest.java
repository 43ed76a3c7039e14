package org.slapos.instancenode.generic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.cdn.EntryPublisher;
import org.slapos.instancenode.desired.DesiredCache;
import org.slapos.instancenode.desired.DesiredPoller;
import org.slapos.instancenode.json.ParameterHash;
import org.slapos.instancenode.master.GuardSettings;
import org.slapos.instancenode.master.HostInstance;
import org.slapos.instancenode.master.JsonRpcWrites;
import org.slapos.instancenode.master.MasterClient;
import org.slapos.instancenode.master.MasterMetrics;
import org.slapos.instancenode.reconcile.Result;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.testing.RecordingBangLedger;
import org.slapos.instancenode.testing.master.FakeMaster;
import org.slapos.instancenode.testing.master.RequestedInstance;
import org.slapos.instancenode.testing.master.SharedInstance;

class GenericReconcilerTest {
  private static final Duration NOT_READY = Duration.ofMinutes(1);

  @TempDir Path dir;
  private final FakeMaster master = FakeMaster.http();
  private final DesiredCache cache = new DesiredCache();
  private final DesiredPoller poller = new DesiredPoller(cache);
  private final RecordingBangLedger bangs = new RecordingBangLedger();
  private InstanceStore requestDb;
  private GenericReconciler reconciler;

  @BeforeEach
  void open() {
    master.addHost("HOST");
    master.putShared("HOST", SharedInstance.started("SHARED-1", "one"));
    requestDb = InstanceStore.openRequestDb(dir.resolve("request.sqlite"));
    MasterClient client = GuardSettings.plainClient(master.baseUrl(), MasterMetrics.NONE);
    reconciler =
        new GenericReconciler(
            cache,
            requestDb,
            new JsonRpcWrites(client, HostInstance.given("HOST")),
            new RequestTemplate(
                "https://example.net/software.cfg",
                "default",
                true,
                "node-",
                Map.of("computer_guid", "COMP-1")),
            EntryPublisher.NONE,
            bangs,
            NOT_READY,
            Clock.systemUTC());
  }

  @AfterEach
  void close() {
    requestDb.close();
    master.close();
    master.assertNoContractViolations();
  }

  private void desire(InstanceRow... rows) {
    poller.replace(new ArrayList<>(List.of(rows)));
  }

  private static InstanceRow row(String reference, String parameters, String state) {
    return new InstanceRow(
        reference, parameters, "{}", ParameterHash.ofDumped(parameters), "1", state);
  }

  private RequestedInstance lastRequest() {
    List<RequestedInstance> requests = master.requests();
    return requests.get(requests.size() - 1);
  }

  @Test
  void aValidEntryIsRequestedAndItsConnectionParametersPublished() throws Exception {
    desire(row("SHARED-1", "{\"url\": \"https://a.example\"}", InstanceRow.VALID));

    assertEquals(Result.done(), reconciler.reconcile("SHARED-1"));

    RequestedInstance requested = lastRequest();
    assertEquals("node-SHARED-1", requested.title());
    assertEquals(SharedInstance.State.STARTED, requested.state());
    assertEquals("https://a.example", requested.parameters().path("url").asText());
    assertEquals("COMP-1", requested.slaParameters().path("computer_guid").asText());
    assertEquals(1, master.connectionParameters("SHARED-1").size());
    assertEquals(InstanceRow.VALID, requestDb.find("SHARED-1").orElseThrow().validParameter());
    assertEquals(1, bangs.count());
  }

  @Test
  void anUnchangedEntryCallsNothingOnTheMaster() throws Exception {
    desire(row("SHARED-1", "{\"url\": \"https://a.example\"}", InstanceRow.VALID));
    reconciler.reconcile("SHARED-1");
    int calls = master.calls().size();

    reconciler.reconcile("SHARED-1");

    assertEquals(calls, master.calls().size());
  }

  @Test
  void anInstanceNotReadyYetIsAskedAgainLater() throws Exception {
    desire(row("SHARED-1", "{\"url\": \"https://a.example\"}", InstanceRow.VALID));
    master.requestsNotReady(true);

    assertEquals(Result.requeueAfter(NOT_READY), reconciler.reconcile("SHARED-1"));
    assertEquals(List.of(), master.connectionParameters("SHARED-1"));
    InstanceRow deploying = requestDb.find("SHARED-1").orElseThrow();
    assertEquals(InstanceRow.INVALID, deploying.validParameter());
    assertTrue(deploying.jsonError().contains("\"reason\": \"cluster-deploying\""));

    master.requestsNotReady(false);
    assertEquals(Result.done(), reconciler.reconcile("SHARED-1"));
    assertEquals(1, master.connectionParameters("SHARED-1").size());
    assertEquals(InstanceRow.VALID, requestDb.find("SHARED-1").orElseThrow().validParameter());
  }

  @Test
  void anEntryInvalidByTheSchemaIsNotRequested() throws Exception {
    InstanceRow invalid =
        new InstanceRow(
            "SHARED-1",
            "{}",
            "{\"errors\": [\"$.url: required\"], \"message\": \"$.url: required\", \"reason\":"
                + " \"schema\"}",
            ParameterHash.ofDumped("{}"),
            "1",
            InstanceRow.INVALID);
    desire(invalid);

    reconciler.reconcile("SHARED-1");

    assertEquals(List.of(), master.requests());
    assertEquals(InstanceRow.INVALID, requestDb.find("SHARED-1").orElseThrow().validParameter());
  }

  @Test
  void aRemovedEntryIsRequestedDestroyedThenForgotten() throws Exception {
    desire(row("SHARED-1", "{\"url\": \"https://a.example\"}", InstanceRow.VALID));
    reconciler.reconcile("SHARED-1");
    desire();

    reconciler.reconcile("SHARED-1");

    assertEquals(SharedInstance.State.DESTROYED, lastRequest().state());
    assertEquals("node-SHARED-1", lastRequest().title());
    assertTrue(requestDb.find("SHARED-1").isEmpty());
    assertEquals(Optional.empty(), requestDb.published().last("SHARED-1", "request"));
  }
}
