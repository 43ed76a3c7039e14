package org.slapos.instancenode.master;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One SLAP attempt: {@code POST <server-url>/<call>} with a form-encoded body, the answer's text
 * returned for 200 and 408 (the master's "not ready yet", which only the caller can interpret), any
 * other status mapped to a typed {@link MasterException}. No retries here: {@link MasterGuard}
 * decides. Thread-safe.
 */
final class SlapHttp implements AutoCloseable {
  /** The master's "resource not ready": ask again later. Not a network time-out. */
  static final int NOT_READY = 408;

  private static final int TOO_MANY_REQUESTS = 429;

  /** What the master answered with a 200 or a 408. */
  record Reply(int status, String body) {
    boolean notReady() {
      return status == NOT_READY;
    }
  }

  private final String base;
  private final MasterTransport transport;

  SlapHttp(URI serverUrl, Optional<MasterTls> tls, MasterSettings settings) {
    String url = serverUrl.toString();
    this.base = url.endsWith("/") ? url : url + "/";
    this.transport = new MasterTransport(URI.create(base), "server-url", tls, settings);
  }

  /** Where {@code call} is posted: joined to the base, which ends with a slash. */
  URI uri(String call) {
    return URI.create(base + call);
  }

  /**
   * Posts {@code form} (a null value is sent as {@code None}, as old slapproxies expect).
   *
   * @param method the metrics and message name of the call, e.g. {@code slap.softwareInstanceBang}
   * @throws MasterRejectedException for 401/403 (this certificate may not act for the partition),
   *     404 and other 4xx
   * @throws MasterUnavailableException when no answer came, or for 429 and 5xx
   */
  Reply post(String call, String method, String instance, Map<String, String> form)
      throws MasterException {
    HttpRequest request =
        transport
            .request(uri(call))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "*/*")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form), StandardCharsets.UTF_8))
            .build();
    HttpResponse<byte[]> response = transport.send(request, method, instance);
    int status = response.statusCode();
    if (status == 200 || status == NOT_READY) {
      return new Reply(status, new String(response.body(), StandardCharsets.UTF_8));
    }
    if (status == TOO_MANY_REQUESTS || status >= 500) {
      throw new MasterUnavailableException(
          method, instance, "the master at " + describe() + " answered HTTP " + status, null);
    }
    if (status == 401 || status == 403) {
      throw new MasterRejectedException(
          method,
          instance,
          status,
          "forbidden",
          "the master does not allow this certificate (cert-file) to act for the partition"
              + " (computer-id, partition-id)");
    }
    if (status == 404) {
      throw new MasterRejectedException(
          method, instance, status, "not-found", "the master at " + describe() + " has no " + call);
    }
    throw new MasterRejectedException(
        method, instance, status, "", "refused by the master at " + describe());
  }

  private static String encode(Map<String, String> form) {
    StringJoiner body = new StringJoiner("&");
    form.forEach(
        (name, value) ->
            body.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(value == null ? "None" : value, StandardCharsets.UTF_8)));
    return body.toString();
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
