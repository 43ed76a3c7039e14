package org.slapos.instancenode.tls;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slapos.instancenode.json.Json;

/**
 * The cipher names a CDN entry may ask for: the ones Rapid.CDN's frontends support, and the other
 * spellings they accept and translate to a supported name. Immutable and thread-safe.
 *
 * <p>{@link #rapidCdn()} is bundled in the jar: Rapid.CDN keeps the list inside its instance
 * template ({@code GOOD_CIPHER_LIST}, {@code CIPHER_TRANSLATION_DICT} of {@code
 * instance-master.cfg.in}), not in a file the release ships beside {@code software.cfg.json}, so a
 * drop-in node has nothing to load it from; the Python node hard-codes it for the same reason.
 */
public final class CipherList {
  private static final String RESOURCE = "rapid-cdn-ciphers.json";
  private static final CipherList RAPID_CDN = load();

  private final Set<String> supported;
  private final Map<String, String> translations;

  public CipherList(Set<String> supported, Map<String, String> translations) {
    // Kept in the release's order: messages list them as the CDN prefers them.
    this.supported = Collections.unmodifiableSet(new LinkedHashSet<>(supported));
    this.translations = Map.copyOf(translations);
  }

  /** The list of the Rapid.CDN release this node was built for. */
  public static CipherList rapidCdn() {
    return RAPID_CDN;
  }

  /** The list in {@code json}: {@code {"supported": [...], "translations": {name: supported}}}. */
  public static CipherList parse(JsonNode json) {
    Set<String> supported = new LinkedHashSet<>();
    json.path("supported").forEach(name -> supported.add(name.asText()));
    Map<String, String> translations = new LinkedHashMap<>();
    json.path("translations")
        .properties()
        .forEach(entry -> translations.put(entry.getKey(), entry.getValue().asText()));
    return new CipherList(supported, translations);
  }

  public boolean supports(String name) {
    return supported.contains(name);
  }

  /** The supported name {@code name} is translated to, when it is a known other spelling. */
  public Optional<String> translation(String name) {
    return Optional.ofNullable(translations.get(name));
  }

  public Set<String> supported() {
    return supported;
  }

  public Map<String, String> translations() {
    return translations;
  }

  private static CipherList load() {
    try (InputStream in = CipherList.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks its cipher list " + RESOURCE);
      }
      return parse(Json.MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled cipher list", e);
    }
  }
}
