package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.slapos.instancenode.json.CodePointOrder;
import org.slapos.instancenode.json.PythonFloat;

/** Writes one marshalled document; see {@link SlapXml} for the format. Not thread-safe. */
final class SlapXmlWriter {
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  // Python compares ints with the float 1e24 exactly: from this value on, xml_marshaller says long.
  private static final BigInteger LONG_FROM = new BigDecimal(1e24).toBigInteger();

  private final XMLStreamWriter xml;
  private int lastId = 1;

  private SlapXmlWriter(XMLStreamWriter xml) {
    this.xml = xml;
  }

  static String write(Object value) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out);
      xml.writeStartElement("marshal");
      new SlapXmlWriter(xml).value(value);
      xml.writeEndElement();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write a marshalled document in memory", e);
    }
    return out.toString();
  }

  private void value(Object value) throws XMLStreamException {
    switch (value) {
      case null -> xml.writeEmptyElement("none");
      case JsonNode node -> json(node);
      case String text -> string(text);
      case Boolean bool -> text("bool", bool ? "1" : "0");
      case Integer n -> integer(BigInteger.valueOf(n));
      case Long n -> integer(BigInteger.valueOf(n));
      case BigInteger n -> integer(n);
      case Double n -> text("float", floatText(n));
      case Map<?, ?> map -> dictionary(map);
      case Collection<?> list -> container("list", list);
      case SlapObject object -> object(object);
      default ->
          throw new IllegalArgumentException(
              "cannot marshal a " + value.getClass().getName() + " for the SLAP protocol");
    }
  }

  private void json(JsonNode node) throws XMLStreamException {
    if (node.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>(CodePointOrder.INSTANCE);
      node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
      dictionary(fields);
    } else if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(items::add);
      container("list", items);
    } else if (node.isTextual()) {
      string(node.textValue());
    } else if (node.isBoolean()) {
      value(node.booleanValue());
    } else if (node.isIntegralNumber()) {
      integer(node.bigIntegerValue());
    } else if (node.isNumber()) {
      value(node.doubleValue());
    } else {
      value(null);
    }
  }

  private void dictionary(Map<?, ?> map) throws XMLStreamException {
    Map<String, Object> sorted = new TreeMap<>(CodePointOrder.INSTANCE);
    map.forEach(
        (key, v) -> {
          if (!(key instanceof String name)) {
            throw new IllegalArgumentException("dictionary keys must be strings, not " + key);
          }
          sorted.put(name, v);
        });
    if (sorted.isEmpty()) {
      emptyContainer("dictionary");
      return;
    }
    start("dictionary");
    for (Map.Entry<String, Object> entry : sorted.entrySet()) {
      string(entry.getKey());
      value(entry.getValue());
    }
    xml.writeEndElement();
  }

  private void container(String element, Collection<?> items) throws XMLStreamException {
    if (items.isEmpty()) {
      emptyContainer(element);
      return;
    }
    start(element);
    for (Object item : items) {
      value(item);
    }
    xml.writeEndElement();
  }

  private void object(SlapObject object) throws XMLStreamException {
    start("object");
    xml.writeAttribute("module", object.module());
    xml.writeAttribute("class", object.className());
    if (object.arguments().isEmpty()) {
      xml.writeEmptyElement("tuple");
    } else {
      // A tuple has no id: xml_marshaller numbers only what can be referenced.
      xml.writeStartElement("tuple");
      for (Object argument : object.arguments()) {
        value(argument);
      }
      xml.writeEndElement();
    }
    value(object.state());
    xml.writeEndElement();
  }

  private void start(String element) throws XMLStreamException {
    xml.writeStartElement(element);
    xml.writeAttribute("id", "i" + ++lastId);
  }

  private void emptyContainer(String element) throws XMLStreamException {
    xml.writeEmptyElement(element);
    xml.writeAttribute("id", "i" + ++lastId);
  }

  private void integer(BigInteger n) throws XMLStreamException {
    text(n.abs().compareTo(LONG_FROM) < 0 ? "int" : "long", n.toString());
  }

  private void text(String element, String text) throws XMLStreamException {
    xml.writeStartElement(element);
    xml.writeCharacters(text);
    xml.writeEndElement();
  }

  /**
   * A string as xml_marshaller writes it: escaped once by the marshaller ({@code &}, {@code <},
   * {@code >}), then by the XML writer, which like lxml's ASCII output writes every character
   * outside ASCII, and carriage returns, as a decimal character reference.
   */
  private void string(String value) throws XMLStreamException {
    String once = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    xml.writeStartElement("string");
    StringBuilder plain = new StringBuilder();
    for (int i = 0; i < once.length(); ) {
      int c = once.codePointAt(i);
      i += Character.charCount(c);
      if (c >= 0x20 && c <= 0x7f || c == '\t' || c == '\n') {
        plain.appendCodePoint(c);
        continue;
      }
      if (!xmlCharacter(c)) {
        throw new IllegalArgumentException(
            "a string holds the character U+%04X, which XML cannot carry".formatted(c));
      }
      xml.writeCharacters(plain.toString());
      plain.setLength(0);
      xml.writeEntityRef("#" + c);
    }
    xml.writeCharacters(plain.toString());
    xml.writeEndElement();
  }

  private static boolean xmlCharacter(int c) {
    return c == '\r'
        || c >= 0x80 && c <= 0xd7ff
        || c >= 0xe000 && c <= 0xfffd
        || c >= 0x10000 && c <= 0x10ffff;
  }

  // Python's str(float); the JSON spellings of infinities and NaN are not Python's.
  private static String floatText(double n) {
    if (Double.isNaN(n)) {
      return "nan";
    }
    if (Double.isInfinite(n)) {
      return n > 0 ? "inf" : "-inf";
    }
    return PythonFloat.repr(n);
  }
}
