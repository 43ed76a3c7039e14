package org.slapos.instancenode.testing.master;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slapos.instancenode.json.Json;

class FakeMasterTest {
  private static final String HOST = "SOFTINST-HOST";

  private final FakeMaster master = FakeMaster.http();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void tearDown() {
    client.close();
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

    HttpResponse<String> response = post(FakeMaster.INSTANCE_LIST, "{\"instance_guid\": \"%s\"}");

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
    assertEquals(1, master.count(FakeMaster.INSTANCE_LIST));
    assertEquals(200, master.calls(FakeMaster.INSTANCE_LIST).getFirst().status());
  }

  @Test
  void removedAndDestroyedSharedInstancesShowInTheNextListing() throws Exception {
    master.addHost(HOST);
    master.putShared(HOST, SharedInstance.started("SOFTINST-1", "_a"));
    master.putShared(HOST, SharedInstance.started("SOFTINST-2", "_b"));
    master.removeShared("SOFTINST-1");
    master.setState("SOFTINST-2", SharedInstance.State.DESTROYED);

    JsonNode items = json(post(FakeMaster.INSTANCE_LIST, "{\"instance_guid\": \"%s\"}").body());

    assertEquals(1, items.get("result_list").size());
    assertEquals("destroyed", items.get("result_list").get(0).get("state").asText());
  }

  @Test
  void unknownHostIsForbiddenWithHostInstanceNotFound() throws Exception {
    HttpResponse<String> response = post(FakeMaster.INSTANCE_LIST, "{\"instance_guid\": \"%s\"}");

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
    try (FakeMaster strict = FakeMaster.http()) {
      strict.addHost(HOST);

      HttpResponse<String> response = send(jsonPost(strict, FakeMaster.INSTANCE_LIST, body));

      assertEquals(400, response.statusCode());
      assertEquals(400, json(response.body()).get("status").asInt());
      assertEquals(1, strict.contractViolations().size());
      assertThrows(AssertionError.class, strict::assertNoContractViolations);
    }
  }

  @Test
  void unknownMethodIsNotFoundAndAViolation() throws Exception {
    try (FakeMaster strict = FakeMaster.http()) {
      HttpResponse<String> response =
          send(jsonPost(strict, "slapos.get.v0.nothing", "{\"instance_guid\": \"x\"}"));

      assertEquals(404, response.statusCode());
      assertEquals("not-found", json(response.body()).get("type").asText());
      assertEquals(1, strict.contractViolations().size());
    }
  }

  @Test
  void bodyWithoutJsonContentTypeIsRefused() throws Exception {
    try (FakeMaster strict = FakeMaster.http()) {
      strict.addHost(HOST);
      HttpRequest request =
          HttpRequest.newBuilder(strict.uri(FakeMaster.INSTANCE_LIST))
              .header("Content-Type", "text/plain")
              .POST(HttpRequest.BodyPublishers.ofString("{\"instance_guid\": \"SOFTINST-HOST\"}"))
              .build();

      assertEquals(415, send(request).statusCode());
      assertEquals(1, strict.contractViolations().size());
    }
  }

  @Test
  void requestedInstanceIsRecordedAndVisibleThroughGet() throws Exception {
    HttpResponse<String> posted =
        post(
            FakeMaster.POST_INSTANCE,
            """
            {"title": "node-www", "software_release_uri": "https://lab.example/kvm.cfg",
             "software_type": "frontend", "shared": true, "state": "started",
             "parameters": {"url": "https://www.example"},
             "sla_parameters": {"instance_guid": "SOFTINST-HOST"}}
            """);

    assertEquals(200, posted.statusCode());
    String guid = json(posted.body()).get("instance_guid").asText();
    RequestedInstance requested = master.requests().getFirst();
    assertEquals(guid, requested.instanceGuid());
    assertEquals("node-www", requested.title());
    assertEquals("frontend", requested.softwareType());
    assertTrue(requested.shared());
    assertEquals(json("{\"url\": \"https://www.example\"}"), requested.parameters());
    assertEquals(json("{\"instance_guid\": \"SOFTINST-HOST\"}"), requested.slaParameters());

    JsonNode got =
        json(post(FakeMaster.GET_INSTANCE, "{\"instance_guid\": \"" + guid + "\"}").body());
    assertEquals("node-www", got.get("title").asText());
    assertEquals("https://www.example", got.get("parameters").get("url").asText());
    assertTrue(got.get("shared").asBoolean());
  }

  @Test
  void requestingATitleAgainUpdatesTheSameInstance() throws Exception {
    String request =
        """
        {"title": "node-www", "software_release_uri": "https://lab.example/kvm.cfg",
         "software_type": "frontend", "state": "%s"}
        """;
    String first =
        json(post(FakeMaster.POST_INSTANCE, request.formatted("started")).body())
            .get("instance_guid")
            .asText();
    JsonNode second = json(post(FakeMaster.POST_INSTANCE, request.formatted("destroyed")).body());

    assertEquals(first, second.get("instance_guid").asText());
    assertEquals("destroyed", second.get("state").asText());
    assertEquals(
        List.of(SharedInstance.State.STARTED, SharedInstance.State.DESTROYED),
        master.requests().stream().map(RequestedInstance::state).toList());
  }

  @Test
  void notReadyRequestIsAnsweredWithTheContractsOtherShape() throws Exception {
    master.requestsNotReady(true);

    HttpResponse<String> response =
        post(
            FakeMaster.POST_INSTANCE,
            "{\"title\": \"t\", \"software_release_uri\": \"u\", \"software_type\": \"s\"}");

    assertEquals(102, json(response.body()).get("status").asInt());
    assertEquals(1, master.requests().size());
  }

  @Test
  void publishedConnectionParametersErrorsAndBangsAreRecorded() throws Exception {
    master.addHost(HOST);
    master.putShared(HOST, SharedInstance.started("SOFTINST-1", "_a"));

    post(
        FakeMaster.PUT_CONNECTION_PARAMETER,
        "{\"instance_guid\": \"SOFTINST-1\", \"connection_parameter_dict\": {\"domain\": \"a\"}}");
    post(FakeMaster.PUT_ERROR, "{\"instance_guid\": \"SOFTINST-1\", \"message\": \"bad url\"}");
    HttpResponse<String> bang =
        post(FakeMaster.PUT_BANG, "{\"instance_guid\": \"%s\", \"message\": \"changed\"}");

    assertEquals("success", json(bang.body()).get("type").asText());
    assertEquals(List.of(json("{\"domain\": \"a\"}")), master.connectionParameters("SOFTINST-1"));
    assertEquals(List.of("bad url"), master.errors("SOFTINST-1"));
    assertEquals(List.of("changed"), master.bangs(HOST));
    JsonNode got =
        json(post(FakeMaster.GET_INSTANCE, "{\"instance_guid\": \"SOFTINST-1\"}").body());
    assertEquals("a", got.get("connection_parameters").get("domain").asText());
  }

  @Test
  void writesToAnUnknownInstanceAreNotFound() throws Exception {
    HttpResponse<String> response =
        post(FakeMaster.PUT_ERROR, "{\"instance_guid\": \"SOFTINST-9\", \"message\": \"m\"}");

    assertEquals(404, response.statusCode());
    assertEquals("INSTANCE-NOT-FOUND", json(response.body()).get("type").asText());
    assertTrue(master.errors("SOFTINST-9").isEmpty());
  }

  @Test
  void failNextAnswersTheStatusWithAJsonErrorThenRecovers() throws Exception {
    master.addHost(HOST);
    master.failNext(FakeMaster.INSTANCE_LIST, 2, 503, "SERVICE-UNAVAILABLE");

    HttpResponse<String> first = post(FakeMaster.INSTANCE_LIST, "{\"instance_guid\": \"%s\"}");
    HttpResponse<String> second = post(FakeMaster.INSTANCE_LIST, "{\"instance_guid\": \"%s\"}");
    HttpResponse<String> third = post(FakeMaster.INSTANCE_LIST, "{\"instance_guid\": \"%s\"}");

    assertEquals(503, first.statusCode());
    assertEquals("SERVICE-UNAVAILABLE", json(first.body()).get("type").asText());
    assertEquals(503, json(first.body()).get("status").asInt());
    assertEquals(503, second.statusCode());
    assertEquals(200, third.statusCode());
  }

  @Test
  void failAlwaysForAllMethodsLastsUntilCleared() throws Exception {
    master.addHost(HOST);
    master.failAlways(FakeMaster.ALL_METHODS, 500);

    assertEquals(500, post(FakeMaster.INSTANCE_LIST, "{\"instance_guid\": \"%s\"}").statusCode());
    assertEquals(500, post(FakeMaster.GET_INSTANCE, "{\"instance_guid\": \"%s\"}").statusCode());
    master.clearFaults();

    assertEquals(200, post(FakeMaster.GET_INSTANCE, "{\"instance_guid\": \"%s\"}").statusCode());
  }

  @Test
  void delayedCallIsAnsweredAfterTheDelay() throws Exception {
    master.addHost(HOST);
    Duration delay = Duration.ofMillis(300);
    master.delay(FakeMaster.INSTANCE_LIST, delay);

    long start = System.nanoTime();
    HttpResponse<String> response = post(FakeMaster.INSTANCE_LIST, "{\"instance_guid\": \"%s\"}");

    assertEquals(200, response.statusCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(delay) >= 0);
  }

  @Test
  void delayLongerThanTheClientTimeoutTimesOut() {
    master.addHost(HOST);
    master.delay(FakeMaster.INSTANCE_LIST, Duration.ofSeconds(30));

    assertThrows(
        HttpTimeoutException.class,
        () ->
            client.send(
                timed(jsonPost(master, FakeMaster.INSTANCE_LIST, guidBody()), 200),
                HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void hangingCallTimesOutOnTheClient() {
    master.addHost(HOST);
    master.hang(FakeMaster.INSTANCE_LIST);

    assertThrows(
        HttpTimeoutException.class,
        () ->
            client.send(
                timed(jsonPost(master, FakeMaster.INSTANCE_LIST, guidBody()), 200),
                HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void hangingCallIsAnsweredOnceFaultsAreCleared() throws Exception {
    master.addHost(HOST);
    master.hang(FakeMaster.INSTANCE_LIST);
    CompletableFuture<HttpResponse<String>> hanging = sendAsync(FakeMaster.INSTANCE_LIST);
    await().until(() -> master.count(FakeMaster.INSTANCE_LIST) == 1);

    // Another method is served while one call hangs.
    assertEquals(200, post(FakeMaster.GET_INSTANCE, "{\"instance_guid\": \"%s\"}").statusCode());
    assertFalse(hanging.isDone());
    master.clearFaults();

    assertEquals(200, hanging.get(10, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void hangingCallIsCutWhenTheMasterCloses() throws Exception {
    master.addHost(HOST);
    master.hang(FakeMaster.INSTANCE_LIST);
    CompletableFuture<HttpResponse<String>> hanging = sendAsync(FakeMaster.INSTANCE_LIST);
    await().until(() -> master.count(FakeMaster.INSTANCE_LIST) == 1);

    master.close();

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> hanging.get(10, TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, failure.getCause());
    assertEquals(MasterCall.NO_RESPONSE, master.calls().getFirst().status());
  }

  @Test
  void resetClosesTheConnectionWithoutAResponse() {
    master.addHost(HOST);
    master.resetNext(FakeMaster.INSTANCE_LIST, 1);

    IOException failure =
        assertThrows(IOException.class, () -> post(FakeMaster.INSTANCE_LIST, guidBody()));

    assertFalse(failure instanceof HttpTimeoutException);
    assertEquals(MasterCall.NO_RESPONSE, master.calls().getFirst().status());
  }

  @Test
  void malformedAnswerIsA200ThatIsNotJson() throws Exception {
    master.addHost(HOST);
    master.malformed(FakeMaster.INSTANCE_LIST);

    HttpResponse<String> response = post(FakeMaster.INSTANCE_LIST, guidBody());

    assertEquals(200, response.statusCode());
    assertThrows(JsonProcessingException.class, () -> Json.MAPPER.readTree(response.body()));
  }

  @Test
  void contractRejectsAListingItemWithoutTitle() {
    List<String> errors =
        MasterContract.get()
            .checkResponse(
                FakeMaster.INSTANCE_LIST,
                json(
                    """
                    {"result_list": [{"instance_guid": "S", "software_type": "default",
                      "state": "started", "parameters": {}}]}
                    """));

    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.getFirst().contains("title"), errors.getFirst());
  }

  private String guidBody() {
    return "{\"instance_guid\": \"" + HOST + "\"}";
  }

  /** Posts {@code body} to {@code method}; {@code %s} in it stands for the host's guid. */
  private HttpResponse<String> post(String method, String body)
      throws IOException, InterruptedException {
    return send(jsonPost(master, method, body.replace("%s", HOST)));
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(String method) {
    return client.sendAsync(
        jsonPost(master, method, guidBody()), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest jsonPost(FakeMaster target, String method, String body) {
    return HttpRequest.newBuilder(target.uri(method))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static HttpRequest timed(HttpRequest request, long millis) {
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .timeout(Duration.ofMillis(millis))
        .build();
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
