package org.slapos.instancenode.desired;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slapos.instancenode.json.Json;

/**
 * The host names an entry's parameters claim: {@code custom_domain} and each {@code server-alias}.
 *
 * <p>Read with a streaming parser that materialises only those two values, because it runs once per
 * changed entry of every pass and parameters carry certificates and keys worth skipping.
 */
public final class ParameterHosts {
  public static final String CUSTOM_DOMAIN = "custom_domain";
  public static final String SERVER_ALIAS = "server-alias";
  private static final JsonFactory FACTORY = Json.MAPPER.getFactory();
  // SlapOS's json-in-xml serialisation: the only key, holding the real parameters as JSON text.
  private static final String WRAPPER = "_";
  private static final Set<String> READ = Set.of(CUSTOM_DOMAIN, SERVER_ALIAS, WRAPPER);

  private ParameterHosts() {}

  /**
   * The normalised hosts of {@code jsonParameters}, {@code custom_domain} first, without
   * duplicates. Parameters wrapped in a {@code _} key are unwrapped first. Empty when the text is
   * not one JSON object; a field whose value is not a string contributes nothing. Never throws.
   */
  public static List<String> of(String jsonParameters) {
    if (jsonParameters == null) {
      return List.of();
    }
    try {
      return read(jsonParameters, true);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /**
   * {@code host} as hosts are compared: lower case, without a trailing dot, and without a leading
   * {@code *.} (a wildcard alias is indexed under the name it covers).
   */
  public static String normalise(String host) {
    String name = host.strip().toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    return name.startsWith("*.") ? name.substring(2) : name;
  }

  private static List<String> read(String json, boolean mayBeWrapped) throws IOException {
    String domain = null;
    String aliases = null;
    String wrapped = null;
    int fields = 0;
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return List.of();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        fields++;
        String text =
            parser.nextToken() == JsonToken.VALUE_STRING && READ.contains(name)
                ? parser.getText()
                : null;
        switch (name) {
          case CUSTOM_DOMAIN -> domain = text;
          case SERVER_ALIAS -> aliases = text;
          case WRAPPER -> wrapped = text;
          default -> {}
        }
        parser.skipChildren(); // an object or array value, whatever its key
      }
      if (parser.nextToken() != null) {
        return List.of(); // trailing data: not one JSON object
      }
    }
    if (mayBeWrapped && fields == 1 && wrapped != null) {
      return read(wrapped, false);
    }
    return hosts(domain, aliases);
  }

  /**
   * The aliases of a {@code server-alias} value as written, in order: the value is a list separated
   * by white space. Empty for null or blank text.
   */
  public static List<String> aliases(String serverAlias) {
    if (serverAlias == null || serverAlias.isBlank()) {
      return List.of();
    }
    return List.of(serverAlias.strip().split("\\s+"));
  }

  private static List<String> hosts(String domain, String aliases) {
    Set<String> hosts = new LinkedHashSet<>();
    if (domain != null) {
      hosts.add(normalise(domain));
    }
    for (String alias : aliases(aliases)) {
      hosts.add(normalise(alias));
    }
    hosts.remove("");
    return List.copyOf(hosts);
  }
}
