package org.slapos.instancenode.master;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP side shared by both master protocols: one JDK client (HTTP/1.1, no redirects, the TLS
 * identity of {@link MasterTls} for {@code https}), one attempt per {@link #send}, and failures to
 * get any answer explained in the operator's terms as a {@link MasterUnavailableException}. No
 * retries here: {@link MasterGuard} decides. Thread-safe.
 */
final class MasterTransport implements AutoCloseable {
  private final URI base;
  private final String shown;
  private final HttpClient client;
  private final Optional<MasterTls> tls;
  private final MasterSettings settings;

  /**
   * @param key the configuration key naming {@code baseUrl}, for the error of a bad scheme
   * @param settings the connect timeout, and the request timeout (bounded by the deadline)
   */
  MasterTransport(URI baseUrl, String key, Optional<MasterTls> tls, MasterSettings settings) {
    String scheme = String.valueOf(baseUrl.getScheme()).toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException(key + " must be http or https: " + baseUrl);
    }
    this.base = baseUrl;
    this.shown = withoutUserInfo(baseUrl);
    this.tls = scheme.equals("https") ? tls : Optional.empty();
    this.settings = Objects.requireNonNull(settings, "settings");
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    this.tls.ifPresent(t -> builder.sslContext(t.context()));
    this.client = builder.build();
  }

  /**
   * A request to {@code uri} with the call timeout set, cut to what is left of the run's deadline
   * ({@link MasterSettings#requestTimeout()}): the JDK's request timeout covers connecting too.
   */
  HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(settings.requestTimeout());
  }

  /**
   * Sends {@code request} once.
   *
   * @throws MasterUnavailableException when no answer came: refused, reset, timed out, TLS refused
   */
  HttpResponse<byte[]> send(HttpRequest request, String method, String instance)
      throws MasterUnavailableException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new MasterUnavailableException(method, instance, unreachable(request, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MasterUnavailableException(method, instance, "interrupted", e);
    }
  }

  private String unreachable(HttpRequest request, IOException e) {
    String why;
    Optional<String> tlsFailure = tls.flatMap(t -> t.explain(e, base.getHost()));
    if (tlsFailure.isPresent()) {
      why = tlsFailure.get();
    } else if (e instanceof HttpConnectTimeoutException) {
      why = "connection timed out";
    } else if (e instanceof HttpTimeoutException) {
      // The timeout this request had: the call timeout, or less near the deadline.
      why =
          "no answer within " + request.timeout().orElse(settings.callTimeout()).toMillis() + " ms";
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

  @Override
  public void close() {
    client.close();
  }

  /** The base URL without credentials, as messages show it. */
  String describe() {
    return shown;
  }
}
