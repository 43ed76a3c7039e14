package org.slapos.instancenode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.ops.OpsEndpoint.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.testing.ScrapedMetrics;

class OpsServerTest {
  private final PrometheusMetrics metrics = new PrometheusMetrics("test");
  private volatile boolean alive = true;
  private volatile boolean ready = true;
  private final OpsEndpoint endpoint =
      new OpsEndpoint(
          metrics, Health.of(probe(() -> alive, "loop stuck"), probe(() -> ready, "no pass yet")));

  @AfterEach
  void stop() {
    endpoint.close();
  }

  @ParameterizedTest
  @CsvSource({"/healthz", "/readyz"})
  void healthyEndpointsAnswerOk(String path) throws Exception {
    HttpResponse<String> response = endpoint.get(path);

    assertEquals(200, response.statusCode());
    assertEquals("ok\n", response.body());
  }

  @Test
  void deadLoopMakesHealthzUnavailableWithTheDetail() throws Exception {
    alive = false;

    HttpResponse<String> response = endpoint.get("/healthz");

    assertEquals(503, response.statusCode());
    assertEquals("loop stuck\n", response.body());
    assertEquals(200, endpoint.get("/readyz").statusCode());
  }

  @Test
  void notReadyMakesReadyzUnavailableWithTheDetail() throws Exception {
    ready = false;

    HttpResponse<String> response = endpoint.get("/readyz");

    assertEquals(503, response.statusCode());
    assertEquals("no pass yet\n", response.body());
    assertEquals(200, endpoint.get("/healthz").statusCode());
  }

  @Test
  void metricsAreServedInThePrometheusTextFormat() throws Exception {
    HttpResponse<String> response = endpoint.get("/metrics");

    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        response.headers().toString());
    assertEquals(
        0,
        ScrapedMetrics.parse(response.body()).value("instancenode_bangs_total", "result", "sent"));
  }

  @ParameterizedTest
  @CsvSource({"/", "/metricsx", "/healthz/more", "/nothing"})
  void unknownPathsAreNotFound(String path) throws Exception {
    assertEquals(404, endpoint.get(path).statusCode());
  }

  @Test
  void otherMethodsAreNotAllowed() throws Exception {
    HttpResponse<String> response =
        endpoint.send(
            HttpRequest.newBuilder(endpoint.uri("/healthz"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));

    assertEquals(405, response.statusCode());
    assertEquals("GET", response.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void portZeroBindsAFreePortAndExposesIt() {
    assertNotEquals(0, endpoint.server.port());
    assertEquals(endpoint.server.port(), endpoint.server.address().getPort());
  }

  @Test
  void aUsedAddressFailsNamingItAndTheConfigKey() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", taken.getLocalPort());

      ConfigException e =
          assertThrows(
              ConfigException.class,
              () ->
                  OpsServer.start(
                      address,
                      metrics.registry(),
                      Health.of(probe(() -> true, ""), probe(() -> true, ""))));

      assertTrue(
          e.getMessage().startsWith("metrics-address 127.0.0.1:" + taken.getLocalPort() + ": "),
          e.getMessage());
    }
  }

  @Test
  void everyServerThreadIsADaemon() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (OpsEndpoint another = new OpsEndpoint(metrics)) {
      assertEquals(200, another.get("/healthz").statusCode());

      List<Thread> started =
          Thread.getAllStackTraces().keySet().stream()
              .filter(thread -> !before.contains(thread))
              .filter(thread -> thread.getName().matches("HTTP-Dispatcher|ops-http-\\d+"))
              .toList();

      assertTrue(
          started.stream().anyMatch(thread -> thread.getName().equals("HTTP-Dispatcher")),
          started.toString());
      assertTrue(
          started.stream().anyMatch(thread -> thread.getName().startsWith("ops-http-")),
          started.toString());
      assertTrue(started.stream().allMatch(Thread::isDaemon), started.toString());
    }
  }

  @Test
  void closeStopsServingAndFreesThePort() throws Exception {
    int port = endpoint.server.port();
    assertEquals(200, endpoint.get("/healthz").statusCode());

    endpoint.server.close();

    assertThrows(IOException.class, () -> endpoint.get("/healthz"));
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertEquals(port, again.getLocalPort());
    }
  }
}
