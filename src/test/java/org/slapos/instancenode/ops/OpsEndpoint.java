package org.slapos.instancenode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slapos.instancenode.testing.ScrapedMetrics;

/** An {@link OpsServer} on a free loopback port, with a real HTTP client to ask it. */
final class OpsEndpoint implements AutoCloseable {
  private static final Health HEALTHY =
      Health.of(probe(() -> true, "alive"), probe(() -> true, "ready"));

  final OpsServer server;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  OpsEndpoint(PrometheusMetrics metrics) {
    this(metrics, HEALTHY);
  }

  OpsEndpoint(PrometheusMetrics metrics, Health health) {
    server = OpsServer.start(new InetSocketAddress("127.0.0.1", 0), metrics.registry(), health);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** GETs {@code /metrics} and parses it. */
  ScrapedMetrics scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/metrics");
    assertEquals(200, response.statusCode(), response.body());
    return ScrapedMetrics.parse(response.body());
  }

  @Override
  public void close() {
    server.close();
    client.close();
  }

  /** A probe reading {@code ok} on each check, with a fixed detail. */
  static Probe probe(BooleanSupplier ok, String detail) {
    return new Probe() {
      @Override
      public boolean ok() {
        return ok.getAsBoolean();
      }

      @Override
      public String detail() {
        return detail;
      }
    };
  }
}
