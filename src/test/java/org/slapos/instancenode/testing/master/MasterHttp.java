package org.slapos.instancenode.testing.master;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slapos.instancenode.json.Json;

/** A plain JDK HTTP client calling a {@link FakeMaster} the way the master client does. */
final class MasterHttp implements AutoCloseable {
  private final FakeMaster master;
  private final HttpClient client;

  MasterHttp(FakeMaster master, HttpClient client) {
    this.master = master;
    this.client = client;
  }

  MasterHttp(FakeMaster master) {
    this(master, HttpClient.newHttpClient());
  }

  HttpResponse<String> post(String method, String body) throws IOException, InterruptedException {
    return send(request(method, body));
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> sendAsync(String method, String body) {
    return client.sendAsync(request(method, body), HttpResponse.BodyHandlers.ofString());
  }

  /** A JSON POST of {@code body} to {@code method}. */
  HttpRequest request(String method, String body) {
    return HttpRequest.newBuilder(master.uri(method))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  static HttpRequest timed(HttpRequest request, Duration timeout) {
    return HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
