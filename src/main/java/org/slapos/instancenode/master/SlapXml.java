package org.slapos.instancenode.master;

import java.util.Map;

/**
 * The values of the SLAP protocol, marshalled as {@code slapos.util.dumps} and {@code loads} do
 * ({@code xml_marshaller}): {@code <marshal>VALUE</marshal>} without an XML declaration.
 *
 * <p>Java to XML: {@code null} is {@code <none/>}, a {@link Boolean} {@code <bool>1</bool>} or
 * {@code <bool>0</bool>}, an integral number {@code <int>} ({@code <long>} from 10^24 on, as
 * Python), a {@link Double} {@code <float>} (Python's {@code str}), a {@link String} {@code
 * <string>} escaped twice (the marshaller escapes {@code &}, {@code <} and {@code >}, then the XML
 * writer escapes the result; characters outside ASCII and carriage returns as character
 * references), a {@link Map} with string keys {@code <dictionary id="iN">} with keys in code point
 * order, a {@link java.util.List} {@code <list id="iN">}, a {@link SlapObject} {@code <object>};
 * Jackson trees as their Java counterparts. {@code id}s count from {@code i2} in document order.
 *
 * <p>XML to Java: the same mapping back ({@code <int>} and {@code <long>} as {@link Long} or {@link
 * java.math.BigInteger}, {@code <tuple>} and {@code <set>} as lists, dictionary keys as strings,
 * {@code <reference>} as the container it names). Both directions are written and read with StAX;
 * no DTD or external entity is ever read. Stateless and thread-safe.
 */
public final class SlapXml {
  private SlapXml() {}

  /**
   * The marshalled document of {@code value}.
   *
   * @throws IllegalArgumentException naming the value's type when it cannot be marshalled, or a
   *     string holding a character XML cannot carry (a control character, a lone surrogate)
   */
  public static String dumps(Object value) {
    return SlapXmlWriter.write(value);
  }

  /**
   * The value of a marshalled document.
   *
   * @throws SlapXmlException when {@code xml} is not such a document
   */
  public static Object loads(String xml) throws SlapXmlException {
    return SlapXmlReader.read(xml);
  }

  /**
   * The dictionary a marshalled document holds.
   *
   * @throws SlapXmlException when {@code xml} is not a marshalled dictionary
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> loadsDictionary(String xml) throws SlapXmlException {
    Object value = loads(xml);
    if (!(value instanceof Map<?, ?>)) {
      throw new SlapXmlException("expected a marshalled dictionary, found " + describe(value));
    }
    return (Map<String, Object>) value;
  }

  /** The marshalled element name of a value read back, for messages. */
  static String describe(Object value) {
    return switch (value) {
      case null -> "none";
      case String s -> "a string";
      case Boolean b -> "a bool";
      case Map<?, ?> m -> "a dictionary";
      case java.util.List<?> l -> "a list";
      case SlapObject o -> "an object of class " + o.className();
      default -> "a number";
    };
  }
}
