package org.slapos.instancenode.cdn;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import com.ibm.icu.text.IDNA;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slapos.instancenode.desired.ParameterHosts;

/**
 * The host-name rules of {@code custom_domain} and {@code server-alias}: DNS names of letters,
 * digits and hyphens (RFC 1123), at most 253 characters, labels of 1 to 63 characters not starting
 * or ending with a hyphen, at least two labels, the last not all digits, no IP address literal, one
 * optional trailing dot. Underscores are refused: they are legal in DNS but not in host names, and
 * no certificate authority issues for them. Internationalised names must be given in their ASCII
 * ({@code xn--}) form, and each such label must be a valid IDNA 2008 A-label. A leading {@code *.}
 * is allowed only where the caller says so (aliases).
 *
 * <p>The name must also lie under a public suffix of the Public Suffix List and not be one itself:
 * {@code co.uk} or {@code github.io} cannot be owned by one customer. The private section of the
 * list counts ({@link InternetDomainName#topPrivateDomain()}, not {@code
 * topDomainUnderRegistrySuffix()}): {@code alice.github.io} and {@code bob.github.io} belong to
 * different people, so proving one must not allow aliases on the other.
 *
 * <p>The operator may name private suffixes ({@code private-suffixes}: {@code internal}, {@code
 * lan}...) outside the list: names under one are accepted, and their registrable domain is the one
 * label under the suffix ({@code shop.acme.internal} and {@code acme.internal} share {@code
 * acme.internal}); the suffix itself is refused as a public suffix is.
 *
 * <p>Names are compared in lower case, as {@link ParameterHosts#normalise} indexes them. Immutable
 * and thread-safe.
 */
public final class HostNames {
  private static final int MAX_NAME = 253;
  private static final int MAX_LABEL = 63;
  private static final String ACE_PREFIX = "xn--";
  private static final IDNA IDNA_2008 =
      IDNA.getUTS46Instance(
          IDNA.NONTRANSITIONAL_TO_UNICODE
              | IDNA.USE_STD3_RULES
              | IDNA.CHECK_BIDI
              | IDNA.CHECK_CONTEXTJ
              | IDNA.CHECK_CONTEXTO);

  /** The Public Suffix List only: what a node without {@code private-suffixes} accepts. */
  public static final HostNames PUBLIC_ONLY = new HostNames(List.of());

  /** Normalised, longest first, so the most specific suffix names the registrable domain. */
  private final List<String> privateSuffixes;

  private HostNames(List<String> privateSuffixes) {
    this.privateSuffixes =
        privateSuffixes.stream()
            .map(ParameterHosts::normalise)
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
  }

  /**
   * The rules with {@code suffixes} as private suffixes besides the Public Suffix List.
   *
   * @param suffixes DNS names, without a leading dot ({@code private-suffixes}, already checked)
   */
  public static HostNames withPrivateSuffixes(List<String> suffixes) {
    return suffixes.isEmpty() ? PUBLIC_ONLY : new HostNames(suffixes);
  }

  /**
   * Checks {@code text} against the rules above.
   *
   * @param wildcardAllowed whether a leading {@code *.} is accepted
   * @throws InvalidHostNameException with the first rule {@code text} breaks
   */
  public HostName parse(String text, boolean wildcardAllowed) throws InvalidHostNameException {
    String stripped = text.strip();
    if (stripped.isEmpty()) {
      throw new InvalidHostNameException("it is empty");
    }
    boolean wildcard = stripped.startsWith("*.");
    if (wildcard && !wildcardAllowed) {
      throw new InvalidHostNameException("a leading '*.' is allowed only in server-alias");
    }
    if (isIpLiteral(stripped)) {
      throw new InvalidHostNameException("it is an IP address; give a host name");
    }
    String name = ParameterHosts.normalise(stripped);
    checkSyntax(name);
    return new HostName(name, wildcard, registrableDomain(name));
  }

  private static boolean isIpLiteral(String text) {
    String bare =
        text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    return InetAddresses.isInetAddress(bare);
  }

  private static void checkSyntax(String name) throws InvalidHostNameException {
    if (name.length() > MAX_NAME) {
      throw new InvalidHostNameException(
          "it is " + name.length() + " characters long, the limit is " + MAX_NAME);
    }
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      checkLabel(label);
    }
    if (labels.length < 2) {
      throw new InvalidHostNameException("it needs at least two labels, like example.com");
    }
    String last = labels[labels.length - 1];
    if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidHostNameException(
          "the last label '" + last + "' is all digits, which no top-level domain is");
    }
  }

  private static void checkLabel(String label) throws InvalidHostNameException {
    if (label.isEmpty()) {
      throw new InvalidHostNameException(
          "it has an empty label (two dots in a row, or a dot at an end)");
    }
    if (label.length() > MAX_LABEL) {
      throw new InvalidHostNameException(
          "label '"
              + label
              + "' is "
              + label.length()
              + " characters long, the limit is "
              + MAX_LABEL);
    }
    for (int i = 0; i < label.length(); ) {
      int c = label.codePointAt(i);
      if (!isLdh(c)) {
        throw new InvalidHostNameException(
            "label '"
                + label
                + "' has "
                + describe(c)
                + "; only letters, digits and '-' are allowed"
                + (c > 0x7f ? " (write internationalised names in their xn-- form)" : ""));
      }
      i += Character.charCount(c);
    }
    if (label.startsWith("-") || label.endsWith("-")) {
      throw new InvalidHostNameException("label '" + label + "' starts or ends with '-'");
    }
    if (label.startsWith(ACE_PREFIX)) {
      checkALabel(label);
    }
  }

  /**
   * An {@code xn--} label must be an IDNA 2008 A-label: its Punycode decodes, and what it decodes
   * to is a valid U-label that encodes back to the same A-label (ICU's UTS #46 non-transitional
   * processing, which checks all of that and the bidi and joiner rules).
   */
  private static void checkALabel(String label) throws InvalidHostNameException {
    IDNA.Info info = new IDNA.Info();
    StringBuilder unicode = new StringBuilder();
    IDNA_2008.labelToUnicode(label, unicode, info);
    if (info.hasErrors()) {
      throw new InvalidHostNameException(
          "label '"
              + label
              + "' is not a valid internationalised (xn--) label: "
              + info.getErrors().stream()
                  .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
  }

  private static boolean isLdh(int c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  }

  private static String describe(int c) {
    return switch (c) {
      case ' ' -> "a space";
      case '\t' -> "a tab";
      default ->
          Character.isISOControl(c)
              ? String.format("the control character U+%04X", c)
              : "'" + Character.toString(c) + "'";
    };
  }

  private String registrableDomain(String name) throws InvalidHostNameException {
    for (String suffix : privateSuffixes) {
      if (name.equals(suffix)) {
        throw new InvalidHostNameException(
            "it is a private suffix (private-suffixes), under which names are given out;"
                + " give a name under it");
      }
      if (name.endsWith("." + suffix)) {
        String under = name.substring(0, name.length() - suffix.length() - 1);
        return under.substring(under.lastIndexOf('.') + 1) + "." + suffix;
      }
    }
    InternetDomainName domain;
    try {
      domain = InternetDomainName.from(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidHostNameException("it is not a valid domain name");
    }
    if (domain.isPublicSuffix()) {
      throw new InvalidHostNameException(
          "it is a public suffix (Public Suffix List), under which anyone can register names;"
              + " give a name under a domain of yours");
    }
    if (!domain.isUnderPublicSuffix()) {
      throw new InvalidHostNameException(
          "it is not under a known public suffix (Public Suffix List), so it cannot be"
              + " registered or proven yours"
              + (privateSuffixes.isEmpty()
                  ? " (an operator may accept a private suffix with 'private-suffixes')"
                  : ""));
    }
    return domain.topPrivateDomain().toString();
  }
}
