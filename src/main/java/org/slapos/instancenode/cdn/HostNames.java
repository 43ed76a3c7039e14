package org.slapos.instancenode.cdn;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import org.slapos.instancenode.desired.ParameterHosts;

/**
 * The host-name rules of {@code custom_domain} and {@code server-alias}: DNS names of letters,
 * digits and hyphens (RFC 1123), at most 253 characters, labels of 1 to 63 characters not starting
 * or ending with a hyphen, at least two labels, the last not all digits, no IP address literal, one
 * optional trailing dot. Underscores are refused: they are legal in DNS but not in host names, and
 * no certificate authority issues for them. Internationalised names must be given in their ASCII
 * ({@code xn--}) form. A leading {@code *.} is allowed only where the caller says so (aliases).
 *
 * <p>The name must also lie under a public suffix of the Public Suffix List and not be one itself:
 * {@code co.uk} or {@code github.io} cannot be owned by one customer. The private section of the
 * list counts ({@link InternetDomainName#topPrivateDomain()}, not {@code
 * topDomainUnderRegistrySuffix()}): {@code alice.github.io} and {@code bob.github.io} belong to
 * different people, so proving one must not allow aliases on the other.
 *
 * <p>Names are compared in lower case, as {@link ParameterHosts#normalise} indexes them.
 */
public final class HostNames {
  private static final int MAX_NAME = 253;
  private static final int MAX_LABEL = 63;

  private HostNames() {}

  /**
   * Checks {@code text} against the rules above.
   *
   * @param wildcardAllowed whether a leading {@code *.} is accepted
   * @throws InvalidHostNameException with the first rule {@code text} breaks
   */
  public static HostName parse(String text, boolean wildcardAllowed)
      throws InvalidHostNameException {
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

  private static String registrableDomain(String name) throws InvalidHostNameException {
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
              + " registered or proven yours");
    }
    return domain.topPrivateDomain().toString();
  }
}
