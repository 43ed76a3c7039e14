package org.slapos.instancenode.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PythonJsonTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The vectors written by src/test/resources/python-json/make_vectors.py. */
  static Stream<Arguments> pythonVectors() {
    try (InputStream in = PythonJsonTest.class.getResourceAsStream("/python-json/vectors.json")) {
      JsonNode vectors = Json.MAPPER.readTree(in);
      return StreamSupport.stream(vectors.spliterator(), false)
          .map(
              v ->
                  Arguments.of(
                      v.get("name").textValue(),
                      v.get("input").textValue(),
                      v.get("dumps").textValue(),
                      v.get("sha256").textValue()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pythonVectors")
  void matchesPythonDumpsAndHash(String name, String input, String dumps, String sha256)
      throws IOException {
    JsonNode value = Json.MAPPER.readTree(input);

    assertEquals(dumps, PythonJson.dumps(value), name);
    assertEquals(sha256, ParameterHash.of(value), name);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "NaN, NaN",
    "Infinity, Infinity",
    "-Infinity, -Infinity",
  })
  void nonFiniteDoublesAreWrittenAsPythonDoes(double value, String expected) {
    assertEquals(expected, PythonJson.dumps(NODES.numberNode(value)));
  }

  @Test
  void nonFiniteDoublesInsideObjectsAreWrittenAsPythonDoes() {
    ObjectNode params = NODES.objectNode();
    params
        .put("b", Double.NEGATIVE_INFINITY)
        .put("a", Double.NaN)
        .put("c", Double.POSITIVE_INFINITY);

    // json.dumps({"b": -inf, "a": nan, "c": inf}, sort_keys=True)
    assertEquals("{\"a\": NaN, \"b\": -Infinity, \"c\": Infinity}", PythonJson.dumps(params));
  }

  @Test
  void floatNodesAreWrittenAsTheDoubleOfTheirShortestForm() {
    assertEquals("0.1", PythonJson.dumps(NODES.numberNode(0.1f)));
    assertEquals("1e-05", PythonJson.dumps(NODES.numberNode(1e-5f)));
    assertEquals("3.4028235e+38", PythonJson.dumps(NODES.numberNode(Float.MAX_VALUE)));
  }

  @Test
  void decimalNodesAreWrittenAsTheNearestDouble() {
    assertEquals("0.1", PythonJson.dumps(NODES.numberNode(new BigDecimal("0.10000000000000001"))));
    assertEquals("1.0", PythonJson.dumps(NODES.numberNode(new BigDecimal("1.000"))));
    assertEquals("Infinity", PythonJson.dumps(NODES.numberNode(new BigDecimal("1e400"))));
  }

  @Test
  void integerNodesOfEverySizeAreWrittenAsDigits() {
    ArrayNode numbers =
        NODES
            .arrayNode()
            .add((short) -7)
            .add(Integer.MIN_VALUE)
            .add(Long.MAX_VALUE)
            .add(BigInteger.TEN.pow(40).negate());

    assertEquals(
        "[-7, -2147483648, 9223372036854775807, -10000000000000000000000000000000000000000]",
        PythonJson.dumps(numbers));
  }

  @Test
  void keysAreSortedByCodePointNotByUtf16Unit() {
    ObjectNode params = NODES.objectNode();
    params.put("\uD83D\uDE00", 1).put("\uFFFF", 2).put("\uE000", 3).put("a", 4);

    // U+1F600 sorts last in Python although its high surrogate U+D83D is below U+E000.
    assertEquals(
        "{\"a\": 4, \"\\ue000\": 3, \"\\uffff\": 2, \"\\ud83d\\ude00\": 1}",
        PythonJson.dumps(params));
  }

  @Test
  void keysWithLoneSurrogatesSortAsTheirOwnCodePoints() {
    // Jackson will not read such keys from text, but a node built in code may hold them.
    ObjectNode params = NODES.objectNode();
    params
        .put("\ue000", 1)
        .put("\ud800", 2)
        .put("\ud800\udc00", 3)
        .put("\udc00", 4)
        .put("\ud83d\uffff", 5)
        .put("\ud83d\ude00", 6)
        .put("\ud83da", 7)
        .put("\ud83d", 8)
        .put("\ud83d\uddff", 9);

    // json.dumps(dict(zip(keys, range(1, 10))), sort_keys=True) with the same keys in Python
    assertEquals(
        "{\"\\ud800\": 2, \"\\ud83d\": 8, \"\\ud83da\": 7, \"\\ud83d\\uffff\": 5,"
            + " \"\\udc00\": 4, \"\\ue000\": 1, \"\\ud800\\udc00\": 3,"
            + " \"\\ud83d\\uddff\": 9, \"\\ud83d\\ude00\": 6}",
        PythonJson.dumps(params));
  }

  @Test
  void nonJsonNodesAreRejectedNamingTheNodeType() {
    ObjectNode params = NODES.objectNode();
    params.set("blob", BinaryNode.valueOf(new byte[] {1}));

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> PythonJson.dumps(params));
    assertEquals(
        "cannot serialise a BINARY node as Python JSON: not a JSON value", error.getMessage());
  }
}
