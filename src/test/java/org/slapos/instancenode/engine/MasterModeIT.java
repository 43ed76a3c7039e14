package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.desired.DesiredStateException;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.RecordingBangTarget;
import org.slapos.instancenode.testing.master.FakeMaster;
import org.slapos.instancenode.testing.master.RequestedInstance;
import org.slapos.instancenode.testing.master.SharedInstance;
import org.slapos.instancenode.testing.tls.TestPki;

/**
 * The node against the contract-checked fake master over mutual TLS: desired state listed from the
 * master, verdicts recorded, errors reported, bangs sent to the host instance; the generic kind
 * requests and destroys instances. Every request and answer is checked against the contract.
 */
class MasterModeIT {
  private static final String HOST = "SOFTINST-HOST";
  private static final TestPki PKI = TestPki.create("master CA");

  @TempDir Path dir;
  private FakeMaster master;
  private NodeDir node;

  @BeforeEach
  void start() {
    master = FakeMaster.https(PKI);
    master.addHost(HOST);
    node = new NodeDir(dir);
    PKI.writeCertificate(dir.resolve("ca.pem"));
    master.clientCertificate().writeCertificate(dir.resolve("cert.pem"));
    master.clientCertificate().writeKey(dir.resolve("key.pem"), TestPki.KeyFormat.TRADITIONAL);
  }

  @AfterEach
  void stop() {
    master.close();
    master.assertNoContractViolations();
  }

  private static ObjectNode parameters(String json) throws Exception {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  private NodeConfig config(String... lines) throws Exception {
    return configFor(HOST, lines);
  }

  /** {@code hostGuid} null: no {@code instance-guid}, the node finds it. */
  private NodeConfig configFor(String hostGuid, String... lines) throws Exception {
    List<String> all =
        new ArrayList<>(
            List.of(
                "desired-state = master",
                "master-api-url = " + master.baseUrl(),
                "master-ca-file = " + dir.resolve("ca.pem"),
                "cert-file = " + dir.resolve("cert.pem"),
                "key-file = " + dir.resolve("key.pem"),
                "software-schema = " + NodeDir.RAPID_CDN_SOFTWARE,
                "software-type = default",
                "unstringify = true",
                "bang-min-interval = 0s"));
    if (hostGuid != null) {
      all.add("instance-guid = " + hostGuid);
    }
    all.addAll(List.of(lines));
    return NodeConfig.load(node.writeConfig(all.toArray(String[]::new)));
  }

  private RunOnce.Summary runOnce(NodeConfig config) throws InterruptedException {
    return RunOnce.run(config, Optional.empty(), new RecordingBangTarget(), Clock.systemUTC());
  }

  private void listCdnEntries() throws Exception {
    master.putShared(
        HOST,
        SharedInstance.started(
            "SHARED-1",
            "shop",
            parameters(
                "{\"url\": \"https://backend.example.net\", \"custom_domain\": \"shop.example.com\"}")));
    master.putShared(
        HOST, SharedInstance.started("SHARED-2", "broken", parameters("{\"url\": \"nowhere\"}")));
    master.putShared(
        HOST,
        SharedInstance.started(
                "SHARED-3", "paused", parameters("{\"url\": \"https://paused.example.net\"}"))
            .withState(SharedInstance.State.STOPPED));
    master.putShared(
        HOST,
        SharedInstance.started(
                "SHARED-4", "gone", parameters("{\"url\": \"https://gone.example.net\"}"))
            .withState(SharedInstance.State.DESTROYED));
  }

  @Test
  void entriesListedByTheMasterAreRecordedAndTheHostInstanceIsBanged() throws Exception {
    listCdnEntries();

    runOnce(config());

    assertEquals(
        Map.of("SHARED-1", "valid", "SHARED-2", "invalid", "SHARED-3", "stopped"),
        node.recordedStates());
    assertEquals(1, master.bangs(HOST).size(), "one coalesced bang of the host instance");
    assertEquals(0, master.count(FakeMaster.PUT_ERROR), "report-error is off by default");
  }

  @Test
  void withoutInstanceGuidTheHostIsFoundFromItsPartitionThenListedAndBanged() throws Exception {
    master.placeHost(HOST, "COMP-7", "slappart4");
    master.placeHost("SOFTINST-NEIGHBOUR", "COMP-7", "slappart5");
    listCdnEntries();

    runOnce(configFor(null, "computer-id = COMP-7", "partition-id = slappart4"));

    assertEquals(
        Map.of("SHARED-1", "valid", "SHARED-2", "invalid", "SHARED-3", "stopped"),
        node.recordedStates());
    assertEquals(1, master.bangs(HOST).size(), "the found host instance is banged");
    assertEquals(List.of(), master.bangs("SOFTINST-NEIGHBOUR"));
    assertEquals(List.of("COMP-7"), master.computeNodesListed(), "found once per run");
  }

  @Test
  void reportErrorSendsEachErrorOnceAcrossRestarts() throws Exception {
    listCdnEntries();
    NodeConfig config = config("report-error = true");

    runOnce(config);
    runOnce(config);

    assertEquals(1, master.errors("SHARED-2").size(), master.errors("SHARED-2").toString());
    assertTrue(
        master.errors("SHARED-2").get(0).contains("$.url"), master.errors("SHARED-2").toString());
    assertEquals(List.of(), master.errors("SHARED-1"), "nothing is sent for a valid entry");
    assertEquals(1, master.count(FakeMaster.PUT_ERROR));
  }

  @Test
  void anUnknownHostInstanceIsAClearErrorThatDeletesNothing() throws Exception {
    listCdnEntries();
    runOnce(config());
    Map<String, String> before = node.recordedStates();

    NodeConfig unknown = configFor("SOFTINST-NOPE");
    DesiredStateException e = assertThrows(DesiredStateException.class, () -> runOnce(unknown));

    assertTrue(e.getMessage().contains("SOFTINST-NOPE (instance-guid)"), e.getMessage());
    assertTrue(e.getMessage().contains("HOST-INSTANCE-NOT-FOUND"), e.getMessage());
    assertEquals(before, node.recordedStates());
  }

  @Test
  void aMasterCertificateFromAnotherAuthorityIsAClearError() throws Exception {
    TestPki.create("other CA").writeCertificate(dir.resolve("other-ca.pem"));
    NodeConfig wrongCa =
        NodeConfig.load(
            node.writeConfig(
                "desired-state = master",
                "master-api-url = " + master.baseUrl(),
                "master-ca-file = " + dir.resolve("other-ca.pem"),
                "cert-file = " + dir.resolve("cert.pem"),
                "key-file = " + dir.resolve("key.pem"),
                "instance-guid = " + HOST,
                "software-schema = " + NodeDir.RAPID_CDN_SOFTWARE,
                "software-type = default"));

    DesiredStateException e = assertThrows(DesiredStateException.class, () -> runOnce(wrongCa));

    assertTrue(e.getMessage().contains("other-ca.pem"), e.getMessage());
    assertEquals(0, master.calls().size(), "no request reached the master");
  }

  @Test
  void withoutAClientCertificateTheMessageSaysSo() throws Exception {
    NodeConfig noCertificate =
        NodeConfig.load(
            node.writeConfig(
                "desired-state = master",
                "master-api-url = " + master.baseUrl(),
                "master-ca-file = " + dir.resolve("ca.pem"),
                "instance-guid = " + HOST,
                "software-schema = " + NodeDir.RAPID_CDN_SOFTWARE,
                "software-type = default"));

    DesiredStateException e =
        assertThrows(DesiredStateException.class, () -> runOnce(noCertificate));

    assertTrue(e.getMessage().contains("cert-file"), e.getMessage());
  }

  @Test
  void theGenericKindRequestsEachEntryAndDestroysRemovedOnes() throws Exception {
    master.putShared(
        HOST,
        SharedInstance.started(
            "SHARED-1", "app", parameters("{\"url\": \"https://backend.example.net\"}")));
    NodeConfig config =
        config(
            "kind = generic",
            "software-url = https://example.net/software.cfg",
            "request-name-prefix = cdn-",
            "shared = true",
            "sla-computer_guid = COMP-1");

    runOnce(config);
    runOnce(config);

    List<RequestedInstance> requests = master.requests();
    assertEquals(1, requests.size(), "an unchanged entry is not requested again: " + requests);
    RequestedInstance requested = requests.get(0);
    assertEquals("cdn-SHARED-1", requested.title());
    assertEquals("https://example.net/software.cfg", requested.softwareReleaseUri());
    assertEquals("default", requested.softwareType());
    assertEquals(SharedInstance.State.STARTED, requested.state());
    assertTrue(requested.shared());
    assertEquals("{\"computer_guid\":\"COMP-1\"}", requested.slaParameters().toString());
    assertEquals(1, master.connectionParameters("SHARED-1").size());
    assertEquals(Map.of("SHARED-1", "valid"), node.recordedStates());

    master.setState("SHARED-1", SharedInstance.State.DESTROYED);
    runOnce(config);
    assertEquals(1, master.requests().size(), "removing every entry waits for confirmation");
    runOnce(config);

    RequestedInstance destroyed = master.requests().get(master.requests().size() - 1);
    assertEquals("cdn-SHARED-1", destroyed.title());
    assertEquals(SharedInstance.State.DESTROYED, destroyed.state());
    assertEquals(Map.of(), node.recordedStates());
  }
}
