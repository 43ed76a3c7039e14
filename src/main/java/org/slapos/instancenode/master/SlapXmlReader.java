package org.slapos.instancenode.master;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** Reads one marshalled document; see {@link SlapXml} for the format. Not thread-safe. */
final class SlapXmlReader {
  private static final XMLInputFactory FACTORY = factory();

  private final XMLStreamReader xml;
  private final Map<String, Object> byId = new HashMap<>();

  private SlapXmlReader(XMLStreamReader xml) {
    this.xml = xml;
  }

  static Object read(String text) throws SlapXmlException {
    try {
      XMLStreamReader xml = FACTORY.createXMLStreamReader(new StringReader(text));
      try {
        if (xml.nextTag() != XMLStreamConstants.START_ELEMENT
            || !"marshal".equals(xml.getLocalName())) {
          throw new SlapXmlException("the document is not a <marshal> element");
        }
        if (xml.nextTag() != XMLStreamConstants.START_ELEMENT) {
          throw new SlapXmlException("<marshal> holds no value");
        }
        Object value = new SlapXmlReader(xml).value();
        if (xml.nextTag() != XMLStreamConstants.END_ELEMENT) {
          throw new SlapXmlException("<marshal> holds more than one value");
        }
        while (xml.hasNext()) {
          if (xml.next() == XMLStreamConstants.START_ELEMENT) {
            throw new SlapXmlException("content after </marshal>");
          }
        }
        return value;
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      throw new SlapXmlException("not a well-formed marshalled document: " + e.getMessage(), e);
    }
  }

  /** The value whose start tag is the current event; leaves the reader on its end tag. */
  private Object value() throws XMLStreamException, SlapXmlException {
    String element = xml.getLocalName();
    return switch (element) {
      case "none" -> {
        xml.getElementText();
        yield null;
      }
      case "string", "unicode" -> unescape(xml.getElementText());
      case "int", "long" -> integer(xml.getElementText().strip());
      case "float" -> decimal(xml.getElementText().strip());
      case "bool" -> !integer(xml.getElementText().strip()).equals(0L);
      case "tuple" -> Collections.unmodifiableList(items(new ArrayList<>()));
      case "list", "set" -> items(registered(new ArrayList<>()));
      case "dictionary" -> dictionary(registered(new LinkedHashMap<>()));
      case "object" -> object();
      case "reference" -> reference();
      default -> throw new SlapXmlException("unknown element <" + element + ">");
    };
  }

  private List<Object> items(List<Object> items) throws XMLStreamException, SlapXmlException {
    while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
      items.add(value());
    }
    return items;
  }

  private Map<String, Object> dictionary(Map<String, Object> dictionary)
      throws XMLStreamException, SlapXmlException {
    while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
      Object key = value();
      if (xml.nextTag() != XMLStreamConstants.START_ELEMENT) {
        throw new SlapXmlException("a <dictionary> holds a key without a value");
      }
      dictionary.put(key instanceof String text ? text : String.valueOf(key), value());
    }
    return dictionary;
  }

  private SlapObject object() throws XMLStreamException, SlapXmlException {
    String id = xml.getAttributeValue(null, "id");
    String module = xml.getAttributeValue(null, "module");
    String className = xml.getAttributeValue(null, "class");
    if (module == null || className == null) {
      throw new SlapXmlException("an <object> without module or class");
    }
    List<Object> parts = items(new ArrayList<>());
    if (parts.size() != 2 || !(parts.get(0) instanceof List<?> arguments)) {
      throw new SlapXmlException(
          "an <object> of class " + className + " is not a tuple of arguments and a state");
    }
    SlapObject object = new SlapObject(module, className, new ArrayList<>(arguments), parts.get(1));
    if (id != null) {
      byId.put(id, object);
    }
    return object;
  }

  private Object reference() throws XMLStreamException, SlapXmlException {
    String id = xml.getAttributeValue(null, "id");
    if (id == null || !byId.containsKey(id)) {
      throw new SlapXmlException("a <reference> to an unknown id " + id);
    }
    if (xml.nextTag() != XMLStreamConstants.END_ELEMENT) {
      throw new SlapXmlException("a <reference> holds content");
    }
    return byId.get(id);
  }

  private <T> T registered(T container) {
    String id = xml.getAttributeValue(null, "id");
    if (id != null) {
      byId.put(id, container);
    }
    return container;
  }

  private static Object integer(String text) throws SlapXmlException {
    BigInteger n;
    try {
      n = new BigInteger(text);
    } catch (NumberFormatException e) {
      throw new SlapXmlException("not an integer: '" + text + "'");
    }
    return n.bitLength() < Long.SIZE ? (Object) n.longValue() : n;
  }

  private static double decimal(String text) throws SlapXmlException {
    return switch (text) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new SlapXmlException("not a float: '" + text + "'");
        }
      }
    };
  }

  // The marshaller's own escaping, undone in the order saxutils.unescape undoes it.
  private static String unescape(String once) {
    return once.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }
}
