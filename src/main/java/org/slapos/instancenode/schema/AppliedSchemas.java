package org.slapos.instancenode.schema;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the schemas that apply to a value beside its own: those reached through {@code $ref} and
 * {@code allOf}, transitively. References are followed to JSON pointers in local files (each file
 * read once); others ({@code $anchor}s, {@code $id}-based URIs) are not followed here, though the
 * validator still resolves them. Used at load time only; not thread-safe.
 */
final class AppliedSchemas {
  /** A schema node and the document its relative references resolve against. */
  record Located(JsonNode node, URI document) {}

  private final Map<URI, JsonNode> documents = new HashMap<>();

  AppliedSchemas(URI rootDocument, JsonNode root) {
    documents.put(rootDocument, root);
  }

  /** Each of {@code schemas} followed by what it applies, in order, each schema node once. */
  List<Located> of(List<Located> schemas) {
    List<Located> applied = new ArrayList<>();
    Set<JsonNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Located schema : schemas) {
      collect(schema, applied, seen);
    }
    return applied;
  }

  private void collect(Located schema, List<Located> applied, Set<JsonNode> seen) {
    if (!schema.node().isObject() || !seen.add(schema.node())) {
      return;
    }
    applied.add(schema);
    JsonNode ref = schema.node().get("$ref");
    if (ref != null && ref.isTextual()) {
      Located target = resolve(schema.document(), ref.textValue());
      if (target != null) {
        collect(target, applied, seen);
      }
    }
    for (JsonNode member : schema.node().path("allOf")) {
      collect(new Located(member, schema.document()), applied, seen);
    }
  }

  private Located resolve(URI base, String ref) {
    URI target;
    URI document;
    try {
      target = base.resolve(new URI(ref));
      document = new URI(target.getScheme(), target.getSchemeSpecificPart(), null);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
    JsonNode root = documents.computeIfAbsent(document, AppliedSchemas::read);
    String fragment = target.getFragment();
    if (root == null || (fragment != null && !fragment.isEmpty() && !fragment.startsWith("/"))) {
      return null;
    }
    JsonNode node;
    try {
      node = fragment == null ? root : root.at(JsonPointer.compile(fragment));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return node.isMissingNode() ? null : new Located(node, document);
  }

  private static JsonNode read(URI document) {
    return "file".equals(document.getScheme())
        ? JsonFiles.readObject(Path.of(document), "schema " + Path.of(document))
        : null;
  }
}
