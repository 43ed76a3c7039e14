package org.slapos.instancenode.tls;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The guard that keeps backend probes from reaching the operator's own network: an entry names the
 * host, so without this anyone could make the node scan loopback, private, link-local or
 * carrier-grade NAT addresses. A host is refused when any of its addresses is such, so that a name
 * resolving to both a public and a private address cannot slip through.
 */
public final class PrivateAddresses {
  private PrivateAddresses() {}

  /** Why {@code addresses} (all of one host) must not be contacted, or empty when they may. */
  public static Optional<String> refusal(String host, List<InetAddress> addresses) {
    for (InetAddress address : addresses) {
      if (isPrivate(address)) {
        String what =
            host.equals(address.getHostAddress())
                ? host + " is"
                : host + " resolves to " + address.getHostAddress() + ",";
        return Optional.of(
            what
                + " a private, loopback or link-local address (backend-probe-allow-private is"
                + " false)");
      }
    }
    return Optional.empty();
  }

  /** Loopback, unspecified, RFC 1918, link-local, multicast, CGNAT (RFC 6598) or IPv6 ULA. */
  public static boolean isPrivate(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = bytes[0] & 0xff;
      int second = bytes[1] & 0xff;
      // 100.64.0.0/10 (shared address space) and 0.0.0.0/8 ("this network").
      return first == 100 && (second & 0xc0) == 64 || first == 0;
    }
    if (address instanceof Inet6Address) {
      // fc00::/7, unique local addresses; IPv4-mapped addresses are judged by their IPv4 part.
      if ((bytes[0] & 0xfe) == 0xfc) {
        return true;
      }
      if (isMapped(bytes)) {
        try {
          return isPrivate(
              InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}));
        } catch (java.net.UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isMapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
  }
}
