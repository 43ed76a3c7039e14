package org.slapos.instancenode.testing.master;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.master.MasterHttp.json;
import static org.slapos.instancenode.testing.master.MasterHttp.timed;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.json.Json;

class FakeMasterFaultsTest {
  private static final String HOST_BODY = "{\"instance_guid\": \"SOFTINST-HOST\"}";
  private static final String LIST = FakeMaster.INSTANCE_LIST;

  private final FakeMaster master = FakeMaster.http();
  private final MasterHttp http = new MasterHttp(master);

  @BeforeEach
  void addHost() {
    master.addHost("SOFTINST-HOST");
  }

  @AfterEach
  void tearDown() {
    http.close();
    master.close();
    master.assertNoContractViolations();
  }

  @Test
  void failNextAnswersTheStatusWithAJsonErrorThenRecovers() throws Exception {
    master.failNext(LIST, 2, 503, "SERVICE-UNAVAILABLE");

    HttpResponse<String> first = http.post(LIST, HOST_BODY);
    HttpResponse<String> second = http.post(LIST, HOST_BODY);
    HttpResponse<String> third = http.post(LIST, HOST_BODY);

    assertEquals(503, first.statusCode());
    assertEquals(
        json("{\"status\": 503, \"type\": \"SERVICE-UNAVAILABLE\"}"),
        json(first.body()).without("title"));
    assertEquals(503, second.statusCode());
    assertEquals(200, third.statusCode());
  }

  @Test
  void failAlwaysForAllMethodsLastsUntilCleared() throws Exception {
    master.failAlways(FakeMaster.ALL_METHODS, 500);

    assertEquals(500, http.post(LIST, HOST_BODY).statusCode());
    assertEquals(500, http.post(FakeMaster.GET_INSTANCE, HOST_BODY).statusCode());
    master.clearFaults();

    assertEquals(200, http.post(FakeMaster.GET_INSTANCE, HOST_BODY).statusCode());
  }

  @Test
  void faultOfOneMethodTakesPrecedenceOverTheFaultOfAll() throws Exception {
    master.failAlways(FakeMaster.ALL_METHODS, 500);
    master.failNext(LIST, 1, 429);

    assertEquals(429, http.post(LIST, HOST_BODY).statusCode());
    assertEquals(500, http.post(LIST, HOST_BODY).statusCode());
  }

  @Test
  void delayedCallIsAnsweredAfterTheDelay() throws Exception {
    Duration delay = Duration.ofMillis(300);
    master.delay(LIST, delay);

    long start = System.nanoTime();
    HttpResponse<String> response = http.post(LIST, HOST_BODY);

    assertEquals(200, response.statusCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(delay) >= 0);
  }

  @Test
  void delayLongerThanTheClientTimeoutTimesOut() {
    master.delay(LIST, Duration.ofSeconds(30));

    assertThrows(
        HttpTimeoutException.class,
        () -> http.send(timed(http.request(LIST, HOST_BODY), Duration.ofMillis(200))));
  }

  @Test
  void hangingCallTimesOutOnTheClient() {
    master.hang(LIST);

    assertThrows(
        HttpTimeoutException.class,
        () -> http.send(timed(http.request(LIST, HOST_BODY), Duration.ofMillis(200))));
  }

  @Test
  void hangingCallIsAnsweredOnceFaultsAreClearedAndBlocksNoOtherCall() throws Exception {
    master.hang(LIST);
    CompletableFuture<HttpResponse<String>> hanging = http.sendAsync(LIST, HOST_BODY);
    await().until(() -> master.count(LIST) == 1);

    assertEquals(200, http.post(FakeMaster.GET_INSTANCE, HOST_BODY).statusCode());
    assertFalse(hanging.isDone());
    assertEquals(MasterCall.NO_RESPONSE, master.calls(LIST).getFirst().status());
    master.clearFaults();

    assertEquals(200, hanging.get(10, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void clearingOneMethodsFaultsLeavesTheOthersHanging() throws Exception {
    master.hang(LIST);
    master.hang(FakeMaster.GET_INSTANCE);
    CompletableFuture<HttpResponse<String>> list = http.sendAsync(LIST, HOST_BODY);
    CompletableFuture<HttpResponse<String>> get =
        http.sendAsync(FakeMaster.GET_INSTANCE, HOST_BODY);
    await().until(() -> master.calls().size() == 2);

    master.clearFaults(FakeMaster.GET_INSTANCE);

    assertEquals(200, get.get(10, TimeUnit.SECONDS).statusCode());
    assertFalse(list.isDone());
    master.clearFaults();
    assertEquals(200, list.get(10, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void hangingCallIsCutWhenTheMasterCloses() throws Exception {
    master.hang(LIST);
    CompletableFuture<HttpResponse<String>> hanging = http.sendAsync(LIST, HOST_BODY);
    await().until(() -> master.count(LIST) == 1);

    master.close();

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> hanging.get(10, TimeUnit.SECONDS));
    assertInstanceOf(IOException.class, failure.getCause());
    assertEquals(MasterCall.NO_RESPONSE, master.calls().getFirst().status());
  }

  @Test
  void resetClosesTheConnectionWithoutAResponse() throws Exception {
    master.resetNext(LIST, 1);

    IOException failure = assertThrows(IOException.class, () -> http.post(LIST, HOST_BODY));

    assertFalse(failure instanceof HttpTimeoutException, failure.toString());
    assertEquals(MasterCall.NO_RESPONSE, master.calls().getFirst().status());
    assertEquals(200, http.post(LIST, HOST_BODY).statusCode());
  }

  @Test
  void malformedAnswerIsA200ThatIsNotJson() throws Exception {
    master.malformed(LIST);

    HttpResponse<String> response = http.post(LIST, HOST_BODY);

    assertEquals(200, response.statusCode());
    assertThrows(JsonProcessingException.class, () -> Json.MAPPER.readTree(response.body()));
  }

  @Test
  void invalidRequestIsRecordedAsViolationEvenDuringAnOutage() throws Exception {
    try (FakeMaster strict = FakeMaster.http();
        MasterHttp strictHttp = new MasterHttp(strict)) {
      strict.failAlways(FakeMaster.ALL_METHODS, 503);

      assertEquals(503, strictHttp.post(LIST, "{}").statusCode());
      assertEquals(1, strict.contractViolations().size());
    }
  }
}
