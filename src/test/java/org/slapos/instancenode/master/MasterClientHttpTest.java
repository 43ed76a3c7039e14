package org.slapos.instancenode.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slapos.instancenode.json.EntryBounds;
import org.slapos.instancenode.json.Json;

class MasterClientHttpTest {
  private static final SharedInstanceList LIST = new SharedInstanceList(EntryBounds.DEFAULTS);

  private static final String LISTING =
      """
      {"result_list": [
        {"instance_guid": "SHARED-1", "title": "shop", "software_type": "default",
         "state": "started", "parameters": {"_": "{}"},
         "software_release_uri": "https://sr/cdn.cfg", "compute_partition_id": "slappart3"},
        {"instance_guid": "SHARED-2", "title": "blog", "software_type": "default",
         "state": "destroyed", "parameters": {}}
      ]}
      """;
  private static final String SUCCESS = "{\"type\": \"success\", \"title\": \"done\"}";
  private static final String INSTANCE =
      """
      {"computer_guid": "COMP-1", "instance_guid": "SOFTINST-9", "root_instance_title": "root",
       "title": "generic-SHARED-1", "state": "started", "compute_partition_id": "slappart9",
       "software_release_uri": "https://sr/x.cfg", "software_type": "default", "shared": true,
       "processing_timestamp": 1700000000, "access_status_message": "ok",
       "parameters": {"a": "1"}, "sla_parameters": {}, "connection_parameters": {"url": "u"},
       "ip_list": [], "full_ip_list": []}
      """;

  private final LoopbackServer server = LoopbackServer.http();
  private final RecordingMasterMetrics metrics = new RecordingMasterMetrics();

  @AfterEach
  void stop() {
    server.close();
  }

  private MasterClient client(MasterSettings settings) {
    return client(server.url("/api"), settings);
  }

  private MasterClient client(URI url, MasterSettings settings) {
    return MasterClient.create(
        url,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        settings,
        metrics,
        Clock.systemUTC());
  }

  private MasterClient client() {
    return client(GuardSettings.fast());
  }

  private JsonNode sentBody() throws IOException {
    return Json.MAPPER.readTree(server.received.getLast().body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api", "/api/"})
  void listingPostsTheHostInstanceAndReadsEveryField(String base) throws Exception {
    server.answer(200, LISTING);
    List<SharedInstance> listed =
        client(server.url(base), GuardSettings.fast()).sharedInstances("HOST-1", LIST).entries();

    LoopbackServer.Received request = server.received.getLast();
    assertEquals("/api/slapos.allDocs.v0.instance_node_instance_list", request.path());
    assertEquals("application/json", request.contentType());
    assertEquals(Json.MAPPER.readTree("{\"instance_guid\": \"HOST-1\"}"), sentBody());
    assertEquals(2, listed.size());
    SharedInstance first = listed.get(0);
    assertEquals("SHARED-1", first.instanceGuid());
    assertEquals("shop", first.title());
    assertEquals(Optional.of("https://sr/cdn.cfg"), first.softwareReleaseUri());
    assertEquals(Optional.of("slappart3"), first.computePartitionId());
    assertEquals(SharedInstance.DESTROYED, listed.get(1).state());
    assertEquals(Optional.empty(), listed.get(1).softwareReleaseUri());
    assertEquals(List.of(MasterClient.LIST + " ok"), metrics.calls);
  }

  @Test
  void writesSendTheContractBodies() throws Exception {
    server.answer(200, SUCCESS);
    MasterClient client = client();

    client.putConnectionParameters("SHARED-1", Map.of("url", "https://x", "domain", "x"));
    assertEquals(
        Json.MAPPER.readTree(
            "{\"instance_guid\": \"SHARED-1\","
                + " \"connection_parameter_dict\": {\"domain\": \"x\", \"url\": \"https://x\"}}"),
        sentBody());
    client.putError("SHARED-1", "invalid: custom_domain");
    assertEquals(
        "/api/"
            + MasterClient.PUT_ERROR
            + " {\"instance_guid\":\"SHARED-1\","
            + "\"message\":\"invalid: custom_domain\"}",
        server.received.getLast().path() + " " + server.received.getLast().body());
    client.bang("HOST-1", "entries changed");
    assertEquals("/api/" + MasterClient.BANG, server.received.getLast().path());
    assertEquals(
        Json.MAPPER.readTree("{\"instance_guid\": \"HOST-1\", \"message\": \"entries changed\"}"),
        sentBody());
  }

  @Test
  void requestSendsEveryFieldAndReadsTheInstance() throws Exception {
    server.answer(200, INSTANCE);
    InstanceRequest request =
        new InstanceRequest(
            "generic-SHARED-1",
            "https://sr/x.cfg",
            "default",
            true,
            SharedInstance.STARTED,
            Json.MAPPER.createObjectNode().put("a", "1"),
            Map.of("computer_guid", "COMP-1"));

    Requested requested = client().requestInstance(request);

    assertEquals("/api/" + MasterClient.REQUEST, server.received.getLast().path());
    assertEquals(
        Json.MAPPER.readTree(
            "{\"title\": \"generic-SHARED-1\", \"software_release_uri\": \"https://sr/x.cfg\","
                + " \"software_type\": \"default\", \"shared\": true, \"state\": \"started\","
                + " \"parameters\": {\"a\": \"1\"},"
                + " \"sla_parameters\": {\"computer_guid\": \"COMP-1\"}}"),
        sentBody());
    SoftwareInstance instance = ((Requested.Ready) requested).instance();
    assertEquals("SOFTINST-9", instance.instanceGuid());
    assertEquals("u", instance.connectionParameters().get("url").asText());
    assertTrue(instance.shared());
  }

  @Test
  void requestNotReadyYetIsAnAnswerNotAFailure() throws Exception {
    server.answer(200, "{\"status\": 408, \"name\": \"NotReady\", \"message\": \"later\"}");
    InstanceRequest request =
        new InstanceRequest(
            "t", "sr", "default", false, "destroyed", Json.MAPPER.createObjectNode(), Map.of());
    assertEquals(
        new Requested.NotReady(408, "NotReady", "later"), client().requestInstance(request));
  }

  @Test
  void softwareInstanceIsRead() throws Exception {
    server.answer(200, INSTANCE);
    SoftwareInstance instance = client().softwareInstance("SOFTINST-9");
    assertEquals("/api/" + MasterClient.GET, server.received.getLast().path());
    assertEquals("generic-SHARED-1", instance.title());
    assertEquals("1", instance.parameters().get("a").asText());
  }

  @Test
  void rejectionNamesMethodInstanceAndTypeAndIsSentOnce() {
    server.answer(
        403,
        "{\"status\": 403, \"type\": \"HOST-INSTANCE-NOT-FOUND\","
            + " \"title\": \"No host instance HOST-1\"}");
    MasterRejectedException e =
        assertThrows(MasterRejectedException.class, () -> client().putError("SHARED-1", "bad"));
    assertEquals(
        MasterClient.PUT_ERROR
            + " for instance SHARED-1: 403 HOST-INSTANCE-NOT-FOUND: No host instance HOST-1",
        e.getMessage());
    assertEquals(403, e.status());
    assertEquals("HOST-INSTANCE-NOT-FOUND", e.type());
    assertEquals(Optional.of("SHARED-1"), e.instance());
    assertEquals(1, server.received.size());
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503, 429})
  void serverErrorsAndThrottlingAreUnavailableAndRetried(int status) {
    server.answer(status, "{\"status\": " + status + ", \"type\": \"X\", \"title\": \"busy\"}");
    MasterUnavailableException e =
        assertThrows(
            MasterUnavailableException.class,
            () -> client().sharedInstances("HOST-1", LIST).entries());
    assertEquals(
        MasterClient.LIST + " for instance HOST-1: " + status + " X: busy", e.getMessage());
    assertEquals(3, server.received.size());
    assertEquals(List.of(MasterClient.LIST, MasterClient.LIST), metrics.retries);
  }

  @Test
  void errorBodyThatIsNotJsonIsTolerated() {
    server.answer(502, "<html>Bad gateway</html>");
    MasterUnavailableException e =
        assertThrows(
            MasterUnavailableException.class,
            () -> client(GuardSettings.singleAttempt()).bang("HOST-1", "x"));
    assertEquals(
        MasterClient.BANG + " for instance HOST-1: 502 (no JSON error body)", e.getMessage());
  }

  @Test
  void okAnswerThatIsNotJsonIsUnavailable() {
    server.answer(200, "<html>maintenance</html>");
    MasterUnavailableException e =
        assertThrows(
            MasterUnavailableException.class,
            () -> client(GuardSettings.singleAttempt()).sharedInstances("HOST-1", LIST).entries());
    assertEquals(
        MasterClient.LIST
            + " for instance HOST-1: the master at "
            + server.url("/api")
            + " answered with a body that is not JSON",
        e.getMessage());
  }

  @Test
  void malformedItemIsRefusedAloneAndTheOthersAreListed() throws Exception {
    server.answer(
        200,
        "{\"result_list\": [{\"instance_guid\": \"SHARED-0\", \"state\": \"on\"}, "
            + LISTING.substring(LISTING.indexOf('[') + 1));
    SharedInstanceList.Parsed listed = client().sharedInstances("HOST-1", LIST);
    assertEquals(2, listed.entries().size());
    SharedInstanceList.Refused refused = listed.refused().get(0);
    assertEquals(Optional.of("SHARED-0"), refused.reference());
    assertEquals("field \"title\" must be a string", refused.message());
  }

  @Test
  void brokenEnvelopeIsAProtocolErrorAndIsNotRetried() {
    server.answer(200, "{\"result_list\": {}}");
    MasterProtocolException e =
        assertThrows(
            MasterProtocolException.class,
            () -> client().sharedInstances("HOST-1", LIST).entries());
    assertEquals(
        MasterClient.LIST
            + " for instance HOST-1: answer outside the contract:"
            + " expected an object with a \"result_list\" array",
        e.getMessage());
    assertEquals(1, server.received.size());
    assertEquals(List.of(MasterClient.LIST + " invalid-response"), metrics.calls);
  }

  @Test
  void writeAnswerOtherThanSuccessIsAProtocolError() {
    server.answer(200, "{\"type\": \"error\", \"title\": \"?\"}");
    MasterProtocolException e =
        assertThrows(MasterProtocolException.class, () -> client().putError("SHARED-1", "m"));
    assertEquals(
        MasterClient.PUT_ERROR
            + " for instance SHARED-1: answer outside the contract:"
            + " field \"type\" is \"error\", expected \"success\"",
        e.getMessage());
  }

  @Test
  void refusedConnectionIsUnavailableAndNamesTheUrl() {
    URI url = server.url("/api");
    server.close();
    MasterUnavailableException e =
        assertThrows(
            MasterUnavailableException.class,
            () ->
                client(url, GuardSettings.singleAttempt())
                    .sharedInstances("HOST-1", LIST)
                    .entries());
    assertEquals(
        MasterClient.LIST
            + " for instance HOST-1: cannot reach the master at "
            + url
            + ": connection refused",
        e.getMessage());
  }

  @Test
  void slowAnswerTimesOut() {
    server.hang();
    MasterSettings quick = GuardSettings.singleAttemptWithin(Duration.ofMillis(200));
    MasterUnavailableException e =
        assertThrows(
            MasterUnavailableException.class, () -> client(quick).softwareInstance("SOFTINST-9"));
    assertTrue(e.getMessage().endsWith(": no answer within 200 ms"), e.getMessage());
  }

  @Test
  void oneClientServesManyThreads() throws Exception {
    server.answer(200, SUCCESS);
    MasterClient client = client();
    try (ExecutorService workers = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String instance = "SHARED-" + i;
        done.add(
            workers.submit(
                () -> {
                  client.bang(instance, "changed");
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    }
    assertEquals(64, server.received.size());
    assertEquals(64, metrics.count(MasterClient.BANG + " ok"));
  }

  @Test
  void credentialsInTheUrlNeverReachMessages() {
    URI url = URI.create(server.url("/api").toString().replace("://", "://user:s3cret@"));
    server.answer(200, "not json");
    MasterUnavailableException e =
        assertThrows(
            MasterUnavailableException.class,
            () ->
                client(url, GuardSettings.singleAttempt())
                    .sharedInstances("HOST-1", LIST)
                    .entries());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }
}
