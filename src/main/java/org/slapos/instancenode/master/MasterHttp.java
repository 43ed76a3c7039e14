package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.slapos.instancenode.json.Json;

/**
 * One JSON-RPC attempt: {@code POST <base>/<method>} with a JSON body, the answer mapped to JSON or
 * to a typed {@link MasterException}. No retries here: {@link MasterGuard} decides. Thread-safe.
 *
 * <p>A 200 whose body is not JSON counts as unavailable (retriable): in practice it is a truncated
 * answer or a proxy's page, not the master's considered reply.
 */
final class MasterHttp implements AutoCloseable {
  private static final int TOO_MANY_REQUESTS = 429;

  private final String base;
  private final MasterTransport transport;

  MasterHttp(URI baseUrl, Optional<MasterTls> tls, MasterSettings settings) {
    // "https://m/api" and "https://m/api/" both mean the same base.
    this.base = baseUrl.toString().replaceAll("/+$", "");
    this.transport = new MasterTransport(URI.create(base), "master-api-url", tls, settings);
  }

  /** Where {@code method} is posted. */
  URI uri(String method) {
    return URI.create(base + "/" + method);
  }

  JsonNode post(String method, String instance, JsonNode body) throws MasterException {
    byte[] answer = postForBytes(method, instance, body);
    try {
      return Json.MAPPER.readTree(answer);
    } catch (IOException e) {
      throw new MasterUnavailableException(
          method,
          instance,
          "the master at " + describe() + " answered with a body that is not JSON",
          null);
    }
  }

  /** The body of a 2xx answer to {@code method}, unparsed; failures as {@link #post}. */
  byte[] postForBytes(String method, String instance, JsonNode body) throws MasterException {
    HttpRequest request =
        transport
            .request(uri(method))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
            .build();
    HttpResponse<byte[]> response = transport.send(request, method, instance);
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    ErrorBody error = ErrorBody.parse(response.body());
    if (status == TOO_MANY_REQUESTS || status >= 500) {
      throw new MasterUnavailableException(method, instance, error.describe(status), null);
    }
    throw new MasterRejectedException(method, instance, status, error.type(), error.title());
  }

  private static byte[] bytes(JsonNode body) {
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  @Override
  public void close() {
    transport.close();
  }

  /** The base URL without credentials, as messages show it. */
  String describe() {
    return transport.describe();
  }
}
