package org.slapos.instancenode.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slapos.instancenode.json.Json;

/**
 * The marshalled format against the byte-for-byte examples of
 * ../shared/slapos-slap-protocol/README.md, and the rules it states for what they do not show.
 */
class SlapXmlTest {

  @Test
  void aDictionaryIsWrittenAsTheContractShowsItByteForByte() {
    assertEquals(
        "<marshal><dictionary id=\"i2\"><string>a</string><string>1</string>"
            + "<string>url</string><string>https://x/?a&amp;amp;b</string></dictionary></marshal>",
        SlapXml.dumps(Map.of("url", "https://x/?a&b", "a", "1")));
  }

  @Test
  void trueNoneAndTheEmptyDictionaryAreWrittenAsTheContractShowsThem() {
    assertEquals("<marshal><bool>1</bool></marshal>", SlapXml.dumps(true));
    assertEquals("<marshal><bool>0</bool></marshal>", SlapXml.dumps(false));
    assertEquals("<marshal><none/></marshal>", SlapXml.dumps(null));
    assertEquals("<marshal><dictionary id=\"i2\"/></marshal>", SlapXml.dumps(Map.of()));
    assertEquals("<marshal><string>started</string></marshal>", SlapXml.dumps("started"));
  }

  @Test
  void lessAndGreaterThanAreEscapedTwiceAndQuotesNotAtAll() {
    assertEquals(
        "<marshal><string>&amp;lt;b&amp;gt; \"q\" 'a' &amp;amp;amp;</string></marshal>",
        SlapXml.dumps("<b> \"q\" 'a' &amp;"));
  }

  @Test
  void charactersOutsideAsciiAreDecimalCharacterReferences() {
    assertEquals(
        "<marshal><string>caf&#233; &#9749; &#128512; a&#13;\nb\tc</string></marshal>",
        SlapXml.dumps("caf\u00e9 \u2615 \uD83D\uDE00 a\r\nb\tc"));
  }

  @Test
  void idsCountFromI2InDocumentOrderAndKeysSortByCodePoint() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("\uD83D\uDE00", List.of());
    inner.put("\uFFFD", Map.of());
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("z", List.of(1, 2.5));
    outer.put("b", inner);
    outer.put("B", "x");

    assertEquals(
        "<marshal><dictionary id=\"i2\"><string>B</string><string>x</string>"
            + "<string>b</string><dictionary id=\"i3\"><string>&#65533;</string>"
            + "<dictionary id=\"i4\"/><string>&#128512;</string><list id=\"i5\"/></dictionary>"
            + "<string>z</string><list id=\"i6\"><int>1</int><float>2.5</float></list>"
            + "</dictionary></marshal>",
        SlapXml.dumps(outer));
  }

  @Test
  void jsonParametersAreWrittenAsPythonsJsonLoadsWouldHaveGivenThem() throws Exception {
    var parameters =
        Json.MAPPER.readTree(
            "{\"port\": 80, \"ratio\": 0.1, \"on\": true, \"none\": null, \"big\": 1000000000000000000000000,"
                + " \"list\": [\"a\", 1e-05], \"e\": \"\"}");

    assertEquals(
        "<marshal><dictionary id=\"i2\"><string>big</string><long>1000000000000000000000000</long>"
            + "<string>e</string><string></string>"
            + "<string>list</string><list id=\"i3\"><string>a</string><float>1e-05</float></list>"
            + "<string>none</string><none/><string>on</string><bool>1</bool>"
            + "<string>port</string><int>80</int><string>ratio</string><float>0.1</float>"
            + "</dictionary></marshal>",
        SlapXml.dumps(parameters));
  }

  @Test
  void theSoftwareInstanceOfTheContractIsReadWithItsConnectionDictionary() throws Exception {
    Object read =
        SlapXml.loads(
            "<marshal><object id=\"i2\" module=\"slapos.slap.slap\" class=\"SoftwareInstance\">"
                + "<tuple/><dictionary id=\"i3\"><string>_connection_dict</string>"
                + "<dictionary id=\"i4\"><string>url</string><string>http://x</string></dictionary>"
                + "<string>_instance_guid</string><string>SOFTINST-1</string>"
                + "<string>_requested_state</string><string>started</string>"
                + "<string>slap_computer_id</string><string>COMP-0</string>"
                + "<string>slap_computer_partition_id</string><string>slappart4</string>"
                + "</dictionary></object></marshal>");

    SlapObject instance = (SlapObject) read;
    assertEquals("slapos.slap.slap", instance.module());
    assertEquals("SoftwareInstance", instance.className());
    Map<?, ?> state = (Map<?, ?>) instance.state();
    assertEquals(Map.of("url", "http://x"), state.get("_connection_dict"));
    assertEquals("SOFTINST-1", state.get("_instance_guid"));
    assertEquals("slappart4", state.get("slap_computer_partition_id"));
  }

  @Test
  void whatIsWrittenReadsBackTheSame() throws Exception {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("text", "<a href=\"x?a&b\">caf\u00e9 \uD83D\uDE00</a>\r\n");
    value.put("numbers", Arrays.asList(1L, new BigInteger("123456789012345678901234567890"), 0.5));
    value.put("flags", Arrays.asList(true, false, null));
    value.put("nested", Map.of("k", Map.of()));
    value.put(
        "object",
        new SlapObject("slapos.slap.slap", "SoftwareInstance", List.of(), Map.of("_a", "b")));

    Object read = SlapXml.loads(SlapXml.dumps(value));

    assertEquals(new ArrayList<>(value.keySet()).stream().sorted().toList(), keys(read));
    Map<?, ?> map = (Map<?, ?>) read;
    assertEquals(value.get("text"), map.get("text"));
    assertEquals(value.get("numbers"), map.get("numbers"));
    assertEquals(value.get("flags"), map.get("flags"));
    assertEquals(value.get("nested"), map.get("nested"));
    assertEquals(value.get("object"), map.get("object"));
  }

  @Test
  void aReferenceReadsAsTheContainerItNames() throws Exception {
    Map<?, ?> read =
        (Map<?, ?>)
            SlapXml.loads(
                "<marshal><dictionary id=\"i2\"><string>a</string><list id=\"i3\"><int>1</int>"
                    + "</list><string>b</string><reference id=\"i3\"/></dictionary></marshal>");

    assertEquals(List.of(1L), read.get("b"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "OK",
        "<marshal/>",
        "<other><none/></other>",
        "<marshal><none/><none/></marshal>",
        "<marshal><frozenset/></marshal>",
        "<marshal><int>x</int></marshal>",
        "<marshal><dictionary id=\"i2\"><string>a</string></dictionary></marshal>",
        "<marshal><reference id=\"i9\"/></marshal>",
        "<marshal><string>a</string>",
        "<!DOCTYPE marshal [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><marshal><string>&x;</string></marshal>"
      })
  void whatXmlMarshallerCouldNotHaveWrittenIsRefused(String text) {
    assertThrows(SlapXmlException.class, () -> SlapXml.loads(text));
  }

  @Test
  void aControlCharacterCannotBeMarshalled() {
    var e = assertThrows(IllegalArgumentException.class, () -> SlapXml.dumps("a\u0001b"));
    assertTrue(e.getMessage().contains("U+0001"), e.getMessage());
  }

  @Test
  void aDocumentThatIsNotADictionaryIsNotReadAsOne() {
    var e =
        assertThrows(
            SlapXmlException.class,
            () -> SlapXml.loadsDictionary("<marshal><string>a</string></marshal>"));
    assertTrue(e.getMessage().contains("a string"), e.getMessage());
  }

  private static List<String> keys(Object map) {
    return ((Map<?, ?>) map).keySet().stream().map(String::valueOf).sorted().toList();
  }
}
