package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostNamesTest {
  private static final String LABEL_63 = "a".repeat(63);
  // 4 labels of 63 plus 3 dots: 255 characters.
  private static final String NAME_255 = String.join(".", LABEL_63, LABEL_63, LABEL_63, LABEL_63);

  @ParameterizedTest(name = "{0} -> {1} under {2}")
  @CsvSource({
    "example.com, example.com, example.com",
    "WWW.Example.COM, www.example.com, example.com",
    "www.example.com., www.example.com, example.com",
    "' www.example.com ', www.example.com, example.com",
    "www.example.co.uk, www.example.co.uk, example.co.uk",
    "shop.example.co.uk, shop.example.co.uk, example.co.uk",
    "a-b.c-d.example.org, a-b.c-d.example.org, example.org",
    "xn--mnchen-3ya.de, xn--mnchen-3ya.de, xn--mnchen-3ya.de",
    "123.example.com, 123.example.com, example.com",
    "alice.github.io, alice.github.io, alice.github.io",
    "www.alice.github.io, www.alice.github.io, alice.github.io",
  })
  void validNamesAreNormalisedWithTheirRegistrableDomain(
      String text, String name, String registrable) throws Exception {
    HostName parsed = HostNames.PUBLIC_ONLY.parse(text, false);

    assertEquals(new HostName(name, false, registrable), parsed);
  }

  @ParameterizedTest(name = "{0} -> {1} under {2}")
  @CsvSource({
    "acme.internal, acme.internal, acme.internal",
    "Shop.Acme.Internal, shop.acme.internal, acme.internal",
    "printer.office.lan, printer.office.lan, office.lan",
    "a.b.corp.example, a.b.corp.example, b.corp.example",
    "www.example.com, www.example.com, example.com",
  })
  void namesUnderAPrivateSuffixAreAcceptedOneLabelUnderIt(
      String text, String name, String registrable) throws Exception {
    HostNames rules = HostNames.withPrivateSuffixes(List.of("internal", "lan", "corp.example"));

    assertEquals(new HostName(name, false, registrable), rules.parse(text, false));
  }

  @Test
  void privateSuffixesAreRefusedByDefaultAndTheSuffixItselfAlways() {
    InvalidHostNameException refused =
        assertThrows(
            InvalidHostNameException.class,
            () -> HostNames.PUBLIC_ONLY.parse("shop.acme.internal", false));
    assertTrue(refused.getMessage().contains("private-suffixes"), refused.getMessage());
    HostNames rules = HostNames.withPrivateSuffixes(List.of("corp.example"));
    assertThrows(InvalidHostNameException.class, () -> rules.parse("corp.example", false));
  }

  @Test
  void theLongestNameAndLabelAreAccepted() throws Exception {
    String name = String.join(".", LABEL_63, LABEL_63, LABEL_63, "a".repeat(57), "com");
    assertEquals(253, name.length());

    assertEquals(name, HostNames.PUBLIC_ONLY.parse(name, false).name());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''| it is empty",
        "'   '| it is empty",
        "exa mple.com| label 'exa mple' has a space",
        "exa_mple.com| label 'exa_mple' has '_'",
        "_dmarc.example.com| label '_dmarc' has '_'",
        "ex*ample.com| label 'ex*ample' has '*'",
        "münchen.de| label 'münchen' has 'ü'; only letters, digits and '-' are allowed (write"
            + " internationalised names in their xn-- form)",
        "-www.example.com| label '-www' starts or ends with '-'",
        "www-.example.com| label 'www-' starts or ends with '-'",
        "www..example.com| it has an empty label",
        ".example.com| it has an empty label",
        "example.com..| it has an empty label",
        "localhost| it needs at least two labels",
        "com| it needs at least two labels",
        "192.0.2.1| it is an IP address",
        "2001:db8::1| it is an IP address",
        "[2001:db8::1]| it is an IP address",
        "::1| it is an IP address",
        "1.2.3| the last label '3' is all digits",
        "example.123| the last label '123' is all digits",
        "co.uk| it is a public suffix",
        "github.io| it is a public suffix",
        "com.| it needs at least two labels",
        "example.invalidtld| it is not under a known public suffix",
        "*.example.com| a leading '*.' is allowed only in server-alias",
        "xn--zz.example.com| label 'xn--zz' is not a valid internationalised (xn--) label: punycode",
        "xn--mnchen-3ya-.de| label 'xn--mnchen-3ya-' starts or ends with '-'",
        "xn--abc-.example.com| label 'xn--abc-' starts or ends with '-'",
        "www.xn--a.example.com| label 'xn--a' is not a valid internationalised (xn--) label",
      })
  void invalidNamesSayWhy(String text, String why) {
    InvalidHostNameException e =
        assertThrows(
            InvalidHostNameException.class, () -> HostNames.PUBLIC_ONLY.parse(text, false));

    assertTrue(e.getMessage().startsWith(why), e.getMessage());
  }

  @Test
  void aNameOverTheLengthLimitIsRefused() {
    InvalidHostNameException e =
        assertThrows(
            InvalidHostNameException.class, () -> HostNames.PUBLIC_ONLY.parse(NAME_255, false));

    assertEquals("it is 255 characters long, the limit is 253", e.getMessage());
  }

  @Test
  void aLabelOverTheLengthLimitIsRefused() {
    String label = "a".repeat(64);

    InvalidHostNameException e =
        assertThrows(
            InvalidHostNameException.class,
            () -> HostNames.PUBLIC_ONLY.parse(label + ".example.com", false));

    assertEquals("label '" + label + "' is 64 characters long, the limit is 63", e.getMessage());
  }

  @Test
  void aWildcardIsAcceptedWhereAllowedAndCoversTheNameBelowIt() throws Exception {
    HostName parsed = HostNames.PUBLIC_ONLY.parse("*.Shop.Example.co.uk", true);

    assertEquals(new HostName("shop.example.co.uk", true, "example.co.uk"), parsed);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*.co.uk| it is a public suffix",
        "*.com| it needs at least two labels",
        "*.*.example.com| label '*' has '*'",
        "www.*.example.com| label '*' has '*'",
        "*| label '*' has '*'",
      })
  void aWildcardOverAPublicSuffixOrInsideANameIsRefused(String text, String why) {
    InvalidHostNameException e =
        assertThrows(InvalidHostNameException.class, () -> HostNames.PUBLIC_ONLY.parse(text, true));

    assertTrue(e.getMessage().startsWith(why), e.getMessage());
  }

  @ParameterizedTest(name = "{0} and {1}: {2}")
  @CsvSource({
    "www.example.co.uk, shop.example.co.uk, true",
    "example.co.uk, www.example.co.uk, true",
    "example.co.uk, other.co.uk, false",
    "example.com, example.org, false",
    "alice.github.io, www.alice.github.io, true",
    // Private suffixes count: neighbours on a shared hosting domain are different owners.
    "alice.github.io, bob.github.io, false",
  })
  void registrableDomainsFollowThePublicSuffixList(String a, String b, boolean same)
      throws Exception {
    HostName first = HostNames.PUBLIC_ONLY.parse(a, false);
    HostName second = HostNames.PUBLIC_ONLY.parse(b, false);

    assertEquals(same, first.sameRegistrableDomain(second));
    assertEquals(same, second.sameRegistrableDomain(first));
  }

  @Test
  void aPlainNameIsNotAWildcard() throws Exception {
    assertFalse(HostNames.PUBLIC_ONLY.parse("example.com", true).wildcard());
  }
}
