package org.slapos.instancenode.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * A JSON Schema type whose values may arrive as strings (SlapOS's XML serialisation turns {@code
 * 80} into {@code "80"}), and how to read them back. Declared in the order conversions are tried.
 */
enum StringifiedType {
  /** As Python's {@code int()}: surrounding blanks, a sign, digits with single underscores. */
  INTEGER("integer") {
    @Override
    JsonNode parse(String text) {
      String digits = text.strip();
      if (!INTEGER_SYNTAX.matcher(digits).matches()) {
        return null;
      }
      BigInteger value = new BigInteger(digits.replace("_", ""));
      if (value.bitLength() < Integer.SIZE) {
        return NODES.numberNode(value.intValue());
      }
      return value.bitLength() < Long.SIZE
          ? NODES.numberNode(value.longValue())
          : NODES.numberNode(value);
    }
  },
  /** A finite decimal number; integral text becomes an integer, as JSON would have it. */
  NUMBER("number") {
    @Override
    JsonNode parse(String text) {
      JsonNode integer = INTEGER.parse(text);
      if (integer != null || !DECIMAL_SYNTAX.matcher(text.strip()).matches()) {
        return integer;
      }
      double value = Double.parseDouble(text.strip());
      return Double.isFinite(value) ? NODES.numberNode(value) : null;
    }
  },
  /** Exactly {@code true} or {@code false}. */
  BOOLEAN("boolean") {
    @Override
    JsonNode parse(String text) {
      return switch (text) {
        case "true" -> BooleanNode.TRUE;
        case "false" -> BooleanNode.FALSE;
        default -> null;
      };
    }
  };

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern INTEGER_SYNTAX = Pattern.compile("[+-]?[0-9]+(?:_[0-9]+)*");
  private static final Pattern DECIMAL_SYNTAX =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  private final String schemaName;

  StringifiedType(String schemaName) {
    this.schemaName = schemaName;
  }

  /** The value {@code text} stands for, or null when it is not one. */
  abstract JsonNode parse(String text);

  /** The type named {@code name} in a schema's {@code type}, or null for the other types. */
  static StringifiedType named(String name) {
    for (StringifiedType type : values()) {
      if (type.schemaName.equals(name)) {
        return type;
      }
    }
    return null;
  }
}
