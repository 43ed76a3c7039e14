package org.slapos.instancenode.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.testing.slap.FakeSlapMaster;
import org.slapos.instancenode.testing.slap.SlapCall;
import org.slapos.instancenode.testing.slap.SlapRequest;

/** The SLAP client against the fake SLAP master, which checks every request. */
class SlapClientTest {
  private final FakeSlapMaster master = FakeSlapMaster.http();
  private final RecordingMasterMetrics metrics = new RecordingMasterMetrics();
  private SlapClient client = client(GuardSettings.fast());

  private SlapClient client(MasterSettings settings) {
    return SlapClient.create(
        URI.create(master.serverUrl()),
        FakeSlapMaster.COMPUTER_ID,
        FakeSlapMaster.PARTITION_ID,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        settings,
        metrics,
        Clock.systemUTC());
  }

  @AfterEach
  void close() {
    client.close();
    master.close();
    master.assertNoProtocolViolations();
  }

  private static InstanceRequest request(String state) {
    ObjectNode parameters = Json.MAPPER.createObjectNode();
    parameters.put("url", "https://a.example/?x=<1>&y=\"caf\u00e9\"");
    parameters.put("port", 8080);
    return new InstanceRequest(
        "node-SHARED-1",
        "https://lab.example/software.cfg",
        "default",
        true,
        state,
        parameters,
        Map.of("computer_guid", "COMP-9"));
  }

  @Test
  void aBangNamesTheHostPartition() throws MasterException {
    client.bang("the states of shared instances changed");

    assertEquals(List.of("the states of shared instances changed"), master.bangs());
    SlapCall call = master.calls().getFirst();
    assertEquals(FakeSlapMaster.COMPUTER_ID, call.form().get("computer_id"));
    assertEquals(FakeSlapMaster.PARTITION_ID, call.form().get("computer_partition_id"));
    assertEquals(List.of("slap.softwareInstanceBang ok"), metrics.calls);
  }

  @Test
  void anErrorNamesTheSharedInstanceAsSlaveReference() throws MasterException {
    client.putError("SHARED-1", "the certificate & key do not match <ssl_key>");

    assertEquals(
        List.of("the certificate & key do not match <ssl_key>"), master.errors("SHARED-1"));
  }

  @Test
  void connectionParametersAreAMarshalledDictionary() throws MasterException {
    client.putConnectionParameters("SHARED-1", Map.of("url", "https://x/?a&b", "n", "caf\u00e9"));

    assertEquals(
        List.of(Map.of("url", "https://x/?a&b", "n", "caf\u00e9")), master.connections("SHARED-1"));
  }

  @Test
  void aRequestSendsMarshalledFieldsAndReadsTheInstanceIgnoringUnknownKeys() throws Exception {
    master.publish("node-SHARED-1", Map.of("site", "https://cdn.example"));

    Requested answer = client.requestInstance(request("started"));

    SoftwareInstance instance = assertInstanceOf(Requested.Ready.class, answer).instance();
    assertEquals("SOFTINST-SLAP-1", instance.instanceGuid());
    assertEquals("started", instance.state());
    assertEquals("https://cdn.example", instance.connectionParameters().path("site").asText());
    SlapRequest received = master.requests().getFirst();
    assertEquals("node-SHARED-1", received.partitionReference());
    assertEquals("https://a.example/?x=<1>&y=\"caf\u00e9\"", received.parameters().get("url"));
    assertEquals(8080L, received.parameters().get("port"));
    assertEquals(Map.of("computer_guid", "COMP-9"), received.filter());
    assertTrue(received.shared());
  }

  @Test
  void aDestroyRequestSaysDestroyed() throws Exception {
    client.requestInstance(request("destroyed"));

    assertEquals("destroyed", master.requests().getFirst().state());
  }

  @Test
  void a408MeansNotAllocatedYetAndIsNotRetried() throws Exception {
    master.requestsNotReady(true);

    assertInstanceOf(Requested.NotReady.class, client.requestInstance(request("started")));
    assertEquals(1, master.calls(FakeSlapMaster.REQUEST).size());
    assertEquals(List.of(), metrics.retries);
  }

  @Test
  void a403IsARejectionSayingTheCertificateMayNotActForThePartition() {
    master.failAlways(FakeSlapMaster.BANG, 403);

    var e = assertThrows(MasterRejectedException.class, () -> client.bang("m"));

    assertEquals(403, e.status());
    assertTrue(
        e.getMessage()
            .startsWith(
                "slap.softwareInstanceBang for instance COMP-SLAP/slappart0: 403 forbidden:"),
        e.getMessage());
    assertTrue(e.getMessage().contains("cert-file"), e.getMessage());
    assertEquals(1, master.calls().size());
  }

  @Test
  void a503IsRetriedUnderTheSlapMethodName() throws MasterException {
    master.failNext(FakeSlapMaster.ERROR, 2, 503);

    client.putError("SHARED-1", "m");

    assertEquals(List.of("m"), master.errors("SHARED-1"));
    assertEquals(
        List.of("slap.softwareInstanceError", "slap.softwareInstanceError"), metrics.retries);
  }

  @Test
  void aResetConnectionIsRetried() throws MasterException {
    master.resetNext(FakeSlapMaster.BANG, 1);

    client.bang("m");

    assertEquals(List.of("m"), master.bangs());
  }

  @Test
  void aHangingMasterTimesOutAsUnavailable() {
    client.close();
    client = client(GuardSettings.singleAttemptWithin(Duration.ofMillis(300)));
    master.hang(FakeSlapMaster.BANG);

    var e = assertThrows(MasterUnavailableException.class, () -> client.bang("m"));

    assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
    master.clearFaults();
  }

  @Test
  void aSlowAnswerWithinTheTimeoutSucceeds() throws MasterException {
    master.delay(FakeSlapMaster.BANG, Duration.ofMillis(200));

    client.bang("m");

    assertEquals(List.of("m"), master.bangs());
  }

  @Test
  void anAnswerThatIsNotAMarshalledInstanceIsAProtocolError() {
    master.malformed(FakeSlapMaster.REQUEST);

    var e =
        assertThrows(
            MasterProtocolException.class, () -> client.requestInstance(request("started")));

    assertTrue(e.getMessage().contains("answer outside the protocol"), e.getMessage());
  }

  @Test
  void theServerUrlGetsItsSlashAndCredentialsStayOutOfMessages() {
    SlapHttp http =
        new SlapHttp(
            URI.create("http://user:secret@127.0.0.1:1/slap"),
            Optional.empty(),
            GuardSettings.fast());

    assertEquals(
        URI.create("http://user:secret@127.0.0.1:1/slap/softwareInstanceBang"),
        http.uri(SlapClient.BANG));
    assertEquals("http://127.0.0.1:1/slap/", http.describe());
    http.close();
  }
}
