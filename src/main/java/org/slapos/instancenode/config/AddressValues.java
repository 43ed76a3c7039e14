package org.slapos.instancenode.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parsers for socket addresses in configuration values. Like {@link ConfigValues}, they throw
 * {@link IllegalArgumentException} saying what is expected. IP literals are converted without any
 * DNS lookup.
 */
final class AddressValues {
  static final int DNS_PORT = 53;

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[\\d.]+");
  private static final Pattern IPV6_CHARACTERS =
      Pattern.compile("(?=[^%]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[\\w.-]+)?");
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  private AddressValues() {}

  /**
   * Comma-separated name servers, each {@code ip}, {@code ip:port}, {@code [ipv6]:port} or a bare
   * IPv6 address; the port defaults to 53. Host names are refused: resolving the resolver would
   * need a resolver.
   */
  static List<InetSocketAddress> nameservers(String text) {
    List<InetSocketAddress> result = new ArrayList<>();
    for (String entry : text.split(",", -1)) {
      try {
        result.add(nameserver(entry.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("entry '" + entry.strip() + "' " + e.getMessage());
      }
    }
    return List.copyOf(result);
  }

  private static InetSocketAddress nameserver(String entry) {
    if (entry.isEmpty()) {
      throw new IllegalArgumentException("is empty (a stray comma?)");
    }
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0 || !entry.startsWith("]:", close)) {
        throw new IllegalArgumentException("must be [ipv6]:port");
      }
      return new InetSocketAddress(
          ipv6(entry.substring(1, close)), port(entry.substring(close + 2), 1));
    }
    int colons = entry.length() - entry.replace(":", "").length();
    if (colons > 1) {
      return new InetSocketAddress(ipv6(entry), DNS_PORT);
    }
    if (colons == 1) {
      int colon = entry.indexOf(':');
      return new InetSocketAddress(
          ipv4(entry.substring(0, colon)), port(entry.substring(colon + 1), 1));
    }
    return new InetSocketAddress(ipv4(entry), DNS_PORT);
  }

  /**
   * A listening address, {@code host:port} or {@code [ipv6]:port}; port 0 means any free port. An
   * IP literal gives a resolved address; a host name (such as {@code localhost}) gives an
   * unresolved one, which the caller resolves when it binds.
   */
  static InetSocketAddress listenAddress(String text) {
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || !text.startsWith("]:", close)) {
        throw new IllegalArgumentException("must be host:port or [ipv6]:port");
      }
      return new InetSocketAddress(
          ipv6(text.substring(1, close)), port(text.substring(close + 2), 0));
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("must be host:port or [ipv6]:port (the port is missing)");
    }
    if (text.indexOf(':') != colon) {
      throw new IllegalArgumentException("must put an IPv6 address in brackets: [ipv6]:port");
    }
    String host = text.substring(0, colon);
    int port = port(text.substring(colon + 1), 0);
    if (IPV4.matcher(host).matches()) {
      return new InetSocketAddress(literal(host), port);
    }
    if (DIGITS_AND_DOTS.matcher(host).matches() || !HOST_NAME.matcher(host).matches()) {
      throw new IllegalArgumentException(
          "has '" + host + "', neither an IP address nor a host name");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  private static InetAddress ipv4(String text) {
    if (IPV4.matcher(text).matches()) {
      return literal(text);
    }
    if (DIGITS_AND_DOTS.matcher(text).matches()) {
      throw new IllegalArgumentException("is not a valid IPv4 address");
    }
    throw new IllegalArgumentException(
        "is not an IP address (host names are refused: give the name server's IP address)");
  }

  private static InetAddress ipv6(String text) {
    // Starting with a hex digit or ':' and holding a ':', the text is parsed by InetAddress as an
    // IPv6 literal (or refused) without any DNS lookup.
    if (IPV6_CHARACTERS.matcher(text).matches()) {
      try {
        return InetAddress.getByName(text);
      } catch (UnknownHostException e) {
        // Falls through to the common message.
      }
    }
    throw new IllegalArgumentException("is not a valid IPv6 address");
  }

  private static InetAddress literal(String ipv4) {
    try {
      return InetAddress.getByName(ipv4);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a checked IPv4 literal did not parse: " + ipv4, e);
    }
  }

  private static int port(String text, int min) {
    if (text.matches("\\d{1,5}")) {
      int port = Integer.parseInt(text);
      if (port >= min && port <= 65535) {
        return port;
      }
    }
    throw new IllegalArgumentException("has a bad port: must be from " + min + " to 65535");
  }
}
