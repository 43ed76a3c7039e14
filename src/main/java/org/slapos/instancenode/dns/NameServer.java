package org.slapos.instancenode.dns;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A server to ask, with the host name it is known by when there is one (authoritative servers come
 * from NS records; resolvers from the configuration are bare addresses).
 *
 * @param host the NS host name without the final dot, or {@code null}
 * @param address a resolved address and port
 */
record NameServer(String host, InetSocketAddress address) {
  NameServer {
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("unresolved name server address " + address);
    }
  }

  static NameServer at(InetSocketAddress address) {
    return new NameServer(null, address);
  }

  /**
   * How messages name this server: {@code 192.0.2.1:53} or {@code ns1.example.com at
   * [2001:db8::1]:53}.
   */
  String label() {
    String ip = address.getAddress().getHostAddress();
    String where =
        (address.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip)
            + ":"
            + address.getPort();
    return host == null ? where : host + " at " + where;
  }
}
