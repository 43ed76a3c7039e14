package org.slapos.instancenode.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serialises JSON exactly as Python 3's {@code json.dumps(value, sort_keys=True)} does with its
 * other settings at their defaults, so that hashes of the text match those the Python
 * implementation stored.
 *
 * <p>That is: separators {@code ", "} and {@code ": "}; object keys sorted by code point at every
 * depth; every character outside printable ASCII escaped ({@code \n}, {@code \r}, {@code \t},
 * {@code \b}, {@code \f} by name, others as a backslash-u escape with four lowercase hex digits,
 * characters above U+FFFF as their surrogate pair); integers of any size as digits; floats as
 * Python's {@code repr}, with {@code NaN}, {@code Infinity} and {@code -Infinity} for the
 * non-finite ones, as Python writes them by default. Decimal nodes are written as the nearest
 * double, as Python reads a JSON fraction; float nodes as the double their shortest decimal form
 * reads as.
 *
 * <p>Stateless and thread-safe.
 */
public final class PythonJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private PythonJson() {}

  /**
   * Returns {@code json.dumps(value, sort_keys=True)} for {@code value}: pure ASCII text.
   *
   * @throws IllegalArgumentException if {@code value} holds a node that is not a JSON value
   *     (binary, POJO or missing node)
   */
  public static String dumps(JsonNode value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> writeArray(node, out);
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> writeNumber(node, out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default ->
          throw new IllegalArgumentException(
              "cannot serialise a "
                  + node.getNodeType()
                  + " node as Python JSON: not a JSON value");
    }
  }

  private static void writeObject(JsonNode node, StringBuilder out) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
    fields.sort(Map.Entry.comparingByKey(CodePointOrder.INSTANCE));
    out.append('{');
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      Map.Entry<String, JsonNode> field = fields.get(i);
      writeString(field.getKey(), out);
      out.append(": ");
      write(field.getValue(), out);
    }
    out.append('}');
  }

  private static void writeArray(JsonNode node, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < node.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      write(node.get(i), out);
    }
    out.append(']');
  }

  private static void writeNumber(JsonNode node, StringBuilder out) {
    switch (node.numberType()) {
      case INT, LONG -> out.append(node.longValue());
      case BIG_INTEGER -> out.append(node.bigIntegerValue());
      case FLOAT ->
          PythonFloat.appendRepr(Double.parseDouble(Float.toString(node.floatValue())), out);
      case DOUBLE, BIG_DECIMAL -> PythonFloat.appendRepr(node.doubleValue(), out);
    }
  }

  private static void writeString(String text, StringBuilder out) {
    out.append('"');
    int plainFrom = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= ' ' && c <= '~' && c != '"' && c != '\\') {
        continue;
      }
      out.append(text, plainFrom, i);
      plainFrom = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        // A char above U+FFFF is a surrogate pair here, escaped unit by unit as Python does.
        default ->
            out.append("\\u")
                .append(HEX[c >> 12])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
      }
    }
    out.append(text, plainFrom, text.length());
    out.append('"');
  }
}
