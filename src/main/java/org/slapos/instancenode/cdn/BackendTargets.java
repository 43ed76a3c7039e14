package org.slapos.instancenode.cdn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slapos.instancenode.json.Sha256;

/**
 * The backends of an entry that the CDN verifies, so that a live probe can see what the CDN will:
 * each HTTPS URL among {@code url} and {@code https-url} when {@code ssl-proxy-verify} is true
 * (checked against {@code ssl_proxy_ca_crt}, or the system trust store without it), and the same
 * for the failover backend ({@code health-check-failover-url}, {@code
 * health-check-failover-https-url}, {@code health-check-failover-ssl-proxy-verify}, {@code
 * health-check-failover-ssl-proxy-ca-crt}). Booleans arrive as strings from the master ({@code
 * "true"}, {@code "1"}, {@code "yes"}...), or as JSON booleans after unstringify. Pure.
 */
public final class BackendTargets {
  private BackendTargets() {}

  /**
   * One backend to probe.
   *
   * @param field the URL's parameter, the key of its outcome
   * @param authorityField the parameter holding its authorities
   * @param authorities that parameter's PEM text; null: the system trust store
   */
  public record Target(
      String field, String url, String host, int port, String authorityField, String authorities) {}

  private record Backend(List<String> urlFields, String verifyField, String authorityField) {}

  private static final List<Backend> BACKENDS =
      List.of(
          new Backend(List.of("url", "https-url"), "ssl-proxy-verify", "ssl_proxy_ca_crt"),
          new Backend(
              List.of("health-check-failover-url", "health-check-failover-https-url"),
              "health-check-failover-ssl-proxy-verify",
              "health-check-failover-ssl-proxy-ca-crt"));

  /** The backends of {@code parameters} to probe, in field order. */
  public static List<Target> of(ObjectNode parameters) {
    List<Target> targets = new ArrayList<>();
    for (Backend backend : BACKENDS) {
      if (!isTrue(parameters.get(backend.verifyField()))) {
        continue;
      }
      JsonNode authorities = parameters.get(backend.authorityField());
      String pem =
          authorities != null && authorities.isTextual() && !authorities.textValue().isBlank()
              ? authorities.textValue()
              : null;
      for (String field : backend.urlFields()) {
        JsonNode url = parameters.get(field);
        if (url != null && url.isTextual()) {
          https(url.textValue())
              .ifPresent(
                  uri ->
                      targets.add(
                          new Target(
                              field,
                              url.textValue(),
                              host(uri),
                              uri.getPort() < 0 ? 443 : uri.getPort(),
                              backend.authorityField(),
                              pem)));
        }
      }
    }
    return targets;
  }

  /**
   * What {@code targets} are, as one short value: a new one (another URL, another authority) means
   * a new probe. Empty when there is nothing to probe.
   */
  public static Optional<String> digest(List<Target> targets) {
    if (targets.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder();
    for (Target target : targets) {
      text.append(target.field())
          .append('\n')
          .append(target.url())
          .append('\n')
          .append(target.authorities() == null ? "" : target.authorities())
          .append('\n');
    }
    return Optional.of(Sha256.hex(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static Optional<URI> https(String url) {
    try {
      URI uri = new URI(url.strip());
      return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
          ? Optional.of(uri)
          : Optional.empty();
    } catch (URISyntaxException e) {
      // The schema refuses such a URL; there is nothing to probe.
      return Optional.empty();
    }
  }

  private static String host(URI uri) {
    String host = uri.getHost();
    return host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1)
        : host.toLowerCase(Locale.ROOT);
  }

  private static boolean isTrue(JsonNode value) {
    if (value == null) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return value.isTextual()
        && switch (value.textValue().strip().toLowerCase(Locale.ROOT)) {
          case "y", "yes", "1", "true" -> true;
          default -> false;
        };
  }
}
