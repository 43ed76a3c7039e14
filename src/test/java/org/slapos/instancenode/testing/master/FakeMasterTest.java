package org.slapos.instancenode.testing.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.master.MasterHttp.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FakeMasterTest {
  private static final String HOST = "SOFTINST-HOST";
  private static final String HOST_BODY = "{\"instance_guid\": \"SOFTINST-HOST\"}";
  private static final String REQUEST =
      """
      {"title": "node-www", "software_release_uri": "https://lab.example/kvm.cfg",
       "software_type": "frontend", "shared": true, "state": "%s",
       "parameters": {"url": "https://www.example"},
       "sla_parameters": {"instance_guid": "SOFTINST-HOST"}}
      """;

  private final FakeMaster master = FakeMaster.http();
  private final MasterHttp http = new MasterHttp(master);

  @AfterEach
  void tearDown() {
    http.close();
    master.close();
    master.assertNoContractViolations();
  }

  @Test
  void listingReturnsWhatWasPutInContractShape() throws Exception {
    master.addHost(HOST);
    master.putShared(
        HOST,
        SharedInstance.started("SOFTINST-2", "_b", json("{\"url\": \"https://b.example\"}"))
            .withSoftwareReleaseUri("https://lab.example/software.cfg"));
    master.putShared(
        HOST, SharedInstance.started("SOFTINST-1", "_a").withState(SharedInstance.State.STOPPED));

    HttpResponse<String> response = http.post(FakeMaster.INSTANCE_LIST, HOST_BODY);

    assertEquals(200, response.statusCode());
    assertEquals(
        json(
            """
            {"result_list": [
              {"instance_guid": "SOFTINST-1", "title": "_a", "software_type": "default",
               "state": "stopped", "parameters": {}},
              {"instance_guid": "SOFTINST-2", "title": "_b", "software_type": "default",
               "state": "started", "parameters": {"url": "https://b.example"},
               "software_release_uri": "https://lab.example/software.cfg"}]}
            """),
        json(response.body()));
    assertEquals(200, master.calls(FakeMaster.INSTANCE_LIST).getFirst().status());
    assertEquals(json(HOST_BODY), master.calls().getFirst().request().orElseThrow());
  }

  @Test
  void removedAndDestroyedSharedInstancesShowInTheNextListing() throws Exception {
    master.addHost(HOST);
    master.putShared(HOST, SharedInstance.started("SOFTINST-1", "_a"));
    master.putShared(HOST, SharedInstance.started("SOFTINST-2", "_b"));
    master.removeShared("SOFTINST-1");
    master.setState("SOFTINST-2", SharedInstance.State.DESTROYED);

    JsonNode items = json(http.post(FakeMaster.INSTANCE_LIST, HOST_BODY).body()).get("result_list");

    assertEquals(1, items.size());
    assertEquals("SOFTINST-2", items.get(0).get("instance_guid").asText());
    assertEquals("destroyed", items.get(0).get("state").asText());
  }

  @Test
  void unknownHostIsForbiddenWithHostInstanceNotFound() throws Exception {
    HttpResponse<String> response = http.post(FakeMaster.INSTANCE_LIST, HOST_BODY);

    assertEquals(403, response.statusCode());
    JsonNode error = json(response.body());
    assertEquals(403, error.get("status").asInt());
    assertEquals("HOST-INSTANCE-NOT-FOUND", error.get("type").asText());
    assertFalse(error.get("title").asText().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"{}", "{\"instance_guid\": \"SOFTINST-HOST\", \"extra\": 1}", "[]", "not json"})
  void invalidRequestIsAnswered400AndRecordedAsViolation(String body) throws Exception {
    try (FakeMaster strict = FakeMaster.http();
        MasterHttp strictHttp = new MasterHttp(strict)) {
      strict.addHost(HOST);

      HttpResponse<String> response = strictHttp.post(FakeMaster.INSTANCE_LIST, body);

      assertEquals(400, response.statusCode());
      assertEquals(400, json(response.body()).get("status").asInt());
      assertEquals(1, strict.contractViolations().size());
      assertThrows(AssertionError.class, strict::assertNoContractViolations);
    }
  }

  @Test
  void unknownMethodIsNotFoundAndAViolation() throws Exception {
    try (FakeMaster strict = FakeMaster.http();
        MasterHttp strictHttp = new MasterHttp(strict)) {
      HttpResponse<String> response = strictHttp.post("slapos.get.v0.nothing", HOST_BODY);

      assertEquals(404, response.statusCode());
      assertEquals("not-found", json(response.body()).get("type").asText());
      assertEquals(1, strict.contractViolations().size());
    }
  }

  @Test
  void bodyWithoutJsonContentTypeIsRefused() throws Exception {
    try (FakeMaster strict = FakeMaster.http();
        MasterHttp strictHttp = new MasterHttp(strict)) {
      strict.addHost(HOST);
      HttpRequest request =
          HttpRequest.newBuilder(strict.uri(FakeMaster.INSTANCE_LIST))
              .header("Content-Type", "text/plain")
              .POST(HttpRequest.BodyPublishers.ofString(HOST_BODY))
              .build();

      assertEquals(415, strictHttp.send(request).statusCode());
      assertEquals(1, strict.contractViolations().size());
    }
  }

  @Test
  void requestedInstanceIsRecordedAndVisibleThroughGet() throws Exception {
    HttpResponse<String> posted = http.post(FakeMaster.POST_INSTANCE, REQUEST.formatted("started"));

    assertEquals(200, posted.statusCode());
    String guid = json(posted.body()).get("instance_guid").asText();
    RequestedInstance requested = master.requests().getFirst();
    assertEquals(guid, requested.instanceGuid());
    assertEquals("node-www", requested.title());
    assertEquals("https://lab.example/kvm.cfg", requested.softwareReleaseUri());
    assertEquals("frontend", requested.softwareType());
    assertTrue(requested.shared());
    assertEquals(json("{\"url\": \"https://www.example\"}"), requested.parameters());
    assertEquals(json(HOST_BODY), requested.slaParameters());

    JsonNode got =
        json(http.post(FakeMaster.GET_INSTANCE, "{\"instance_guid\": \"" + guid + "\"}").body());
    assertEquals("node-www", got.get("title").asText());
    assertEquals("https://www.example", got.get("parameters").get("url").asText());
    assertTrue(got.get("shared").asBoolean());
  }

  @Test
  void requestingATitleAgainUpdatesTheSameInstance() throws Exception {
    JsonNode first = json(http.post(FakeMaster.POST_INSTANCE, REQUEST.formatted("started")).body());
    JsonNode again =
        json(http.post(FakeMaster.POST_INSTANCE, REQUEST.formatted("destroyed")).body());

    assertEquals(first.get("instance_guid"), again.get("instance_guid"));
    assertEquals("destroyed", again.get("state").asText());
    assertEquals(
        List.of(SharedInstance.State.STARTED, SharedInstance.State.DESTROYED),
        master.requests().stream().map(RequestedInstance::state).toList());
  }

  @Test
  void notReadyRequestIsAnsweredWithTheContractsOtherShape() throws Exception {
    master.requestsNotReady(true);

    HttpResponse<String> response =
        http.post(
            FakeMaster.POST_INSTANCE,
            "{\"title\": \"t\", \"software_release_uri\": \"u\", \"software_type\": \"s\"}");

    assertEquals(200, response.statusCode());
    assertEquals(102, json(response.body()).get("status").asInt());
    assertEquals(1, master.requests().size());
  }

  @Test
  void publishedConnectionParametersErrorsAndBangsAreRecorded() throws Exception {
    master.addHost(HOST);
    master.putShared(HOST, SharedInstance.started("SOFTINST-1", "_a"));

    http.post(
        FakeMaster.PUT_CONNECTION_PARAMETER,
        "{\"instance_guid\": \"SOFTINST-1\", \"connection_parameter_dict\": {\"domain\": \"a\"}}");
    http.post(
        FakeMaster.PUT_ERROR, "{\"instance_guid\": \"SOFTINST-1\", \"message\": \"bad url\"}");
    HttpResponse<String> bang =
        http.post(
            FakeMaster.PUT_BANG,
            "{\"instance_guid\": \"SOFTINST-HOST\", \"message\": \"changed\"}");

    assertEquals("success", json(bang.body()).get("type").asText());
    assertEquals(List.of(json("{\"domain\": \"a\"}")), master.connectionParameters("SOFTINST-1"));
    assertEquals(List.of("bad url"), master.errors("SOFTINST-1"));
    assertEquals(List.of("changed"), master.bangs(HOST));
    JsonNode got =
        json(http.post(FakeMaster.GET_INSTANCE, "{\"instance_guid\": \"SOFTINST-1\"}").body());
    assertEquals("a", got.get("connection_parameters").get("domain").asText());
  }

  @Test
  void writesToAnUnknownInstanceAreNotFound() throws Exception {
    HttpResponse<String> response =
        http.post(FakeMaster.PUT_ERROR, "{\"instance_guid\": \"SOFTINST-9\", \"message\": \"m\"}");

    assertEquals(404, response.statusCode());
    assertEquals("INSTANCE-NOT-FOUND", json(response.body()).get("type").asText());
    assertTrue(master.errors("SOFTINST-9").isEmpty());
  }
}
