package org.slapos.instancenode.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slapos.instancenode.schema.AppliedSchemas.Located;

/**
 * Converts stringified values back to the type the schema declares for them ({@code "80"} to {@code
 * 80} for an {@code integer} property, {@code "true"} to {@code true} for a {@code boolean} one),
 * as SlapOS's slapconfiguration does with its {@code unstringify} option.
 *
 * <p>Built once from the schema: the properties of the root object and of nested objects, with
 * their declared types, following {@code $ref} and {@code allOf}. A property's type is the first
 * {@code type} found among the schemas that apply to it; a type that admits strings converts
 * nothing. Text that does not parse stays a string, and validation then reports it. Immutable and
 * thread-safe once built.
 */
final class Unstringifier {
  private record Property(Set<StringifiedType> types, Unstringifier nested) {}

  private final Map<String, Property> properties;

  private Unstringifier(Map<String, Property> properties) {
    this.properties = Map.copyOf(properties);
  }

  /** The conversions that the schema {@code root}, read from {@code document}, calls for. */
  static Unstringifier of(URI document, JsonNode root) {
    AppliedSchemas applied = new AppliedSchemas(document, root);
    Set<JsonNode> building = Collections.newSetFromMap(new IdentityHashMap<>());
    return build(applied, applied.of(List.of(new Located(root, document))), building);
  }

  private static Unstringifier build(
      AppliedSchemas applied, List<Located> schemas, Set<JsonNode> building) {
    Map<String, List<Located>> byName = new LinkedHashMap<>();
    for (Located schema : schemas) {
      schema
          .node()
          .path("properties")
          .properties()
          .forEach(
              p ->
                  byName
                      .computeIfAbsent(p.getKey(), k -> new ArrayList<>())
                      .add(new Located(p.getValue(), schema.document())));
    }
    // A recursive schema (a property whose schema is an ancestor's) nests no further.
    schemas.forEach(s -> building.add(s.node()));
    Map<String, Property> properties = new LinkedHashMap<>();
    byName.forEach(
        (name, declared) -> {
          List<Located> propertySchemas = applied.of(declared);
          boolean recursive = propertySchemas.stream().anyMatch(s -> building.contains(s.node()));
          Unstringifier nested = recursive ? null : build(applied, propertySchemas, building);
          if (nested != null && nested.properties.isEmpty()) {
            nested = null;
          }
          Set<StringifiedType> types = declaredTypes(propertySchemas);
          if (!types.isEmpty() || nested != null) {
            properties.put(name, new Property(types, nested));
          }
        });
    schemas.forEach(s -> building.remove(s.node()));
    return new Unstringifier(properties);
  }

  private static Set<StringifiedType> declaredTypes(List<Located> schemas) {
    for (Located schema : schemas) {
      JsonNode type = schema.node().get("type");
      if (type == null) {
        continue;
      }
      Set<StringifiedType> types = EnumSet.noneOf(StringifiedType.class);
      for (JsonNode name : type.isArray() ? type : List.of(type)) {
        if ("string".equals(name.asText())) {
          return Set.of();
        }
        StringifiedType stringified = StringifiedType.named(name.asText());
        if (stringified != null) {
          types.add(stringified);
        }
      }
      return types;
    }
    return Set.of();
  }

  /** Replaces, in {@code parameters} and the objects nested in it, the values that convert. */
  void applyTo(ObjectNode parameters) {
    for (Map.Entry<String, JsonNode> field : parameters.properties()) {
      Property property = properties.get(field.getKey());
      if (property == null) {
        continue;
      }
      JsonNode value = field.getValue();
      if (value.isTextual()) {
        JsonNode converted = convert(property.types(), value.textValue());
        if (converted != null) {
          field.setValue(converted);
        }
      } else if (value.isObject() && property.nested() != null) {
        property.nested().applyTo((ObjectNode) value);
      }
    }
  }

  private static JsonNode convert(Set<StringifiedType> types, String text) {
    for (StringifiedType type : types) {
      JsonNode converted = type.parse(text);
      if (converted != null) {
        return converted;
      }
    }
    return null;
  }
}
