package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
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
  private final String shown;
  private final HttpClient client;
  private final Optional<MasterTls> tls;
  private final Duration callTimeout;

  MasterHttp(URI baseUrl, Optional<MasterTls> tls, Duration connectTimeout, Duration callTimeout) {
    String scheme = String.valueOf(baseUrl.getScheme()).toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("master-api-url must be http or https: " + baseUrl);
    }
    // "https://m/api" and "https://m/api/" both mean the same base.
    this.base = baseUrl.toString().replaceAll("/+$", "");
    this.shown = withoutUserInfo(URI.create(base));
    this.tls = scheme.equals("https") ? tls : Optional.empty();
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    this.tls.ifPresent(t -> builder.sslContext(t.context()));
    this.client = builder.build();
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
          "the master at " + shown + " answered with a body that is not JSON",
          null);
    }
  }

  /** The body of a 2xx answer to {@code method}, unparsed; failures as {@link #post}. */
  byte[] postForBytes(String method, String instance, JsonNode body) throws MasterException {
    HttpRequest request =
        HttpRequest.newBuilder(uri(method))
            .timeout(callTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new MasterUnavailableException(method, instance, unreachable(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MasterUnavailableException(method, instance, "interrupted", e);
    }
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

  private String unreachable(IOException e) {
    String why;
    Optional<String> tlsFailure = tls.flatMap(t -> t.explain(e, URI.create(base).getHost()));
    if (tlsFailure.isPresent()) {
      why = tlsFailure.get();
    } else if (e instanceof HttpConnectTimeoutException) {
      why = "connection timed out";
    } else if (e instanceof HttpTimeoutException) {
      why = "no answer within " + callTimeout.toMillis() + " ms";
    } else if (e instanceof ConnectException) {
      why = "connection refused";
    } else {
      why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return "cannot reach the master at " + shown + ": " + why;
  }

  // A URL may carry credentials (user:password@); messages must not.
  private static String withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + Objects.toString(uri.getRawPath(), "");
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
    client.close();
  }

  /** The base URL without credentials, as messages show it. */
  String describe() {
    return shown;
  }
}
