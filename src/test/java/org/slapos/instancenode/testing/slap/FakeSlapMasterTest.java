package org.slapos.instancenode.testing.slap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.master.SlapObject;
import org.slapos.instancenode.master.SlapXml;

class FakeSlapMasterTest {
  private final FakeSlapMaster master = FakeSlapMaster.http();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    http.close();
    master.close();
  }

  private static Map<String, String> host(String... fields) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("computer_id", FakeSlapMaster.COMPUTER_ID);
    form.put("computer_partition_id", FakeSlapMaster.PARTITION_ID);
    for (int i = 0; i < fields.length; i += 2) {
      form.put(fields[i], fields[i + 1]);
    }
    return form;
  }

  private HttpRequest.Builder request(String call, String contentType, Map<String, String> form) {
    StringJoiner body = new StringJoiner("&");
    form.forEach(
        (k, v) ->
            body.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return HttpRequest.newBuilder(URI.create(master.serverUrl() + "/" + call))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
  }

  private HttpResponse<String> post(String call, Map<String, String> form) throws Exception {
    return http.send(
        request(call, "application/x-www-form-urlencoded", form).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> requestForm(String state) {
    return host(
        "software_release", "https://lab.example/software.cfg",
        "software_type", "default",
        "partition_reference", "node-SHARED-1",
        "shared_xml", SlapXml.dumps(true),
        "partition_parameter_xml", SlapXml.dumps(Map.of("url", "https://a.example/?a&b")),
        "filter_xml", SlapXml.dumps(Map.of()),
        "state", SlapXml.dumps(state));
  }

  @Test
  void aBangIsRecordedAndAnsweredAsSlapproxyDoes() throws Exception {
    HttpResponse<String> answer = post(FakeSlapMaster.BANG, host("message", "changed"));

    assertEquals(200, answer.statusCode());
    assertEquals("OK", answer.body());
    assertEquals(List.of("changed"), master.bangs());
    master.assertNoProtocolViolations();
  }

  @Test
  void errorsAndConnectionParametersAreRecordedPerSharedInstance() throws Exception {
    post(FakeSlapMaster.ERROR, host("error_log", "bad & wrong", "slave_reference", "SHARED-1"));
    post(
        FakeSlapMaster.CONNECTION,
        host("connection_xml", SlapXml.dumps(Map.of("url", "x")), "slave_reference", "SHARED-1"));

    assertEquals(List.of("bad & wrong"), master.errors("SHARED-1"));
    assertEquals(List.of(Map.of("url", "x")), master.connections("SHARED-1"));
    master.assertNoProtocolViolations();
  }

  @Test
  void aRequestIsAnsweredWithAMarshalledInstanceAndItsPublishedParameters() throws Exception {
    master.publish("node-SHARED-1", Map.of("site", "https://cdn.example"));

    HttpResponse<String> answer = post(FakeSlapMaster.REQUEST, requestForm("started"));

    SlapObject instance = (SlapObject) SlapXml.loads(answer.body());
    Map<?, ?> state = (Map<?, ?>) instance.state();
    assertEquals(Map.of("site", "https://cdn.example"), state.get("_connection_dict"));
    assertEquals("started", state.get("_requested_state"));
    SlapRequest recorded = master.requests().getFirst();
    assertEquals(Map.of("url", "https://a.example/?a&b"), recorded.parameters());
    assertTrue(recorded.shared());
    master.assertNoProtocolViolations();
  }

  @Test
  void whileNotAllocatedARequestIsRecordedAndAnswered408() throws Exception {
    master.requestsNotReady(true);

    assertEquals(408, post(FakeSlapMaster.REQUEST, requestForm("started")).statusCode());
    assertEquals(1, master.requests().size());
  }

  @Test
  void requestsOutsideTheProtocolAreRefusedAndRecordedAsViolations() throws Exception {
    assertEquals(404, post("softwareInstanceRename", host()).statusCode());
    assertEquals(
        415,
        http.send(
                request(FakeSlapMaster.BANG, "application/json", host("message", "m")).build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode());
    assertEquals(400, post(FakeSlapMaster.BANG, host()).statusCode());
    Map<String, String> otherPartition = host("message", "m");
    otherPartition.put("computer_partition_id", "slappart9");
    assertEquals(400, post(FakeSlapMaster.BANG, otherPartition).statusCode());
    Map<String, String> badState = requestForm("started");
    badState.put("state", "started");
    assertEquals(400, post(FakeSlapMaster.REQUEST, badState).statusCode());

    assertEquals(5, master.protocolViolations().size(), master.protocolViolations().toString());
    assertThrows(AssertionError.class, master::assertNoProtocolViolations);
    assertEquals(List.of(), master.bangs());
  }

  @Test
  void injectedStatusesAnswerThenTheMasterRecovers() throws Exception {
    master.failNext(FakeSlapMaster.BANG, 2, 403);
    master.failAlways(FakeSlapMaster.ALL_CALLS, 503);

    assertEquals(403, post(FakeSlapMaster.BANG, host("message", "m")).statusCode());
    assertEquals(403, post(FakeSlapMaster.BANG, host("message", "m")).statusCode());
    assertEquals(503, post(FakeSlapMaster.BANG, host("message", "m")).statusCode());
    master.clearFaults();

    assertEquals(200, post(FakeSlapMaster.BANG, host("message", "m")).statusCode());
    assertEquals(List.of("m"), master.bangs());
    assertEquals(4, master.calls(FakeSlapMaster.BANG).size());
  }

  @Test
  void aResetClosesTheConnectionUnanswered() {
    master.resetNext(FakeSlapMaster.BANG, 1);

    assertThrows(IOException.class, () -> post(FakeSlapMaster.BANG, host("message", "m")));
    assertEquals(SlapCall.NO_RESPONSE, master.calls().getFirst().status());
  }

  @Test
  void aHangLastsUntilFaultsAreCleared() throws Exception {
    master.hang(FakeSlapMaster.BANG);
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(
            request(FakeSlapMaster.BANG, "application/x-www-form-urlencoded", host("message", "m"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var timedOut =
        assertThrows(
            Exception.class,
            () ->
                http.send(
                    request(
                            FakeSlapMaster.BANG,
                            "application/x-www-form-urlencoded",
                            host("message", "m"))
                        .timeout(Duration.ofMillis(200))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()));
    assertInstanceOf(HttpTimeoutException.class, timedOut);

    master.clearFaults();

    assertEquals(200, pending.get(10, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void aDelayedAnswerComesAfterTheDelay() throws Exception {
    master.delay(FakeSlapMaster.BANG, Duration.ofMillis(300));
    long start = System.nanoTime();

    assertEquals(200, post(FakeSlapMaster.BANG, host("message", "m")).statusCode());
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
  }

  @Test
  void aMalformedAnswerIsNotAMarshalledDocument() throws Exception {
    master.malformed(FakeSlapMaster.REQUEST);

    HttpResponse<String> answer = post(FakeSlapMaster.REQUEST, requestForm("started"));

    assertEquals(200, answer.statusCode());
    assertThrows(Exception.class, () -> SlapXml.loads(answer.body()));
  }
}
