package org.slapos.instancenode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Entry parameters made fit to show an operator: the value of every key or password-like field
 * ({@code ssl_key}, {@code *password*}, {@code *secret*}, {@code *private*}, {@code *key} ...) and
 * any text holding a PEM private key, at any depth, is replaced by {@value #REDACTED}.
 */
final class Redaction {
  static final String REDACTED = "[redacted]";

  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(^|[-_])(key|ssl_key|passw(or)?d|pass|secret|private|token|credential)s?($|[-_])|.*(key|password|secret)$");

  /** A PEM private key block, or its start when a message cut it short. */
  private static final Pattern PRIVATE_KEY_PEM =
      Pattern.compile(
          "-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)",
          Pattern.DOTALL);

  /** Shorter words of a secret are too common to be told apart from other text. */
  private static final int MIN_FRAGMENT = 6;

  private Redaction() {}

  /**
   * {@code text} (a message that may quote a parameter's value, whole or one word of it) with every
   * fragment of {@code secrets} and any PEM private key replaced by {@value #REDACTED}.
   *
   * @param secrets from {@link #secretFragments}
   */
  static String text(String text, Set<String> secrets) {
    if (text == null) {
      return null;
    }
    String redacted = PRIVATE_KEY_PEM.matcher(text).replaceAll(REDACTED);
    for (String secret : secrets) {
      redacted = redacted.replace(secret, REDACTED);
    }
    return redacted;
  }

  /**
   * The words (of {@value #MIN_FRAGMENT} characters or more) of every value {@link #of} redacts in
   * {@code parameters}, longest first, so that a message quoting one of them can be redacted too.
   */
  static Set<String> secretFragments(JsonNode parameters) {
    Set<String> fragments =
        new TreeSet<>(
            Comparator.comparing(String::length)
                .reversed()
                .thenComparing(Comparator.naturalOrder()));
    collect(parameters, false, fragments);
    return fragments;
  }

  private static void collect(JsonNode node, boolean secret, Set<String> fragments) {
    if (node.isTextual()) {
      if (secret || holdsPrivateKey(node)) {
        for (String word : node.asText().split("\\s+")) {
          if (word.length() >= MIN_FRAGMENT) {
            fragments.add(word);
          }
        }
      }
    } else if (node instanceof ObjectNode object) {
      for (var field : object.properties()) {
        collect(field.getValue(), secret || secretName(field.getKey()), fragments);
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(element -> collect(element, secret, fragments));
    }
  }

  /** A redacted deep copy of {@code parameters}. */
  static JsonNode of(JsonNode parameters) {
    JsonNode copy = parameters.deepCopy();
    redact(copy);
    return copy;
  }

  private static void redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (var field : object.properties()) {
        if (secretName(field.getKey()) || holdsPrivateKey(field.getValue())) {
          field.setValue(TextNode.valueOf(REDACTED));
        } else {
          redact(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (holdsPrivateKey(array.get(i))) {
          array.set(i, TextNode.valueOf(REDACTED));
        } else {
          redact(array.get(i));
        }
      }
    }
  }

  static boolean secretName(String name) {
    return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
  }

  private static boolean holdsPrivateKey(JsonNode value) {
    return value.isTextual() && value.asText().contains("PRIVATE KEY");
  }
}
