package org.slapos.instancenode.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where to send questions for an authoritative name server found at {@code address} (from its A or
 * AAAA record): port 53 of that address in production; tests route the addresses of their zone's NS
 * hosts to local servers on other ports.
 */
@FunctionalInterface
public interface AuthoritativeEndpoints {
  /** Port 53 of the address, as on the Internet. */
  AuthoritativeEndpoints PORT_53 = port(53);

  /** The address at {@code port}. */
  static AuthoritativeEndpoints port(int port) {
    return address -> new InetSocketAddress(address, port);
  }

  /** The endpoint that serves the name server at {@code address}. */
  InetSocketAddress of(InetAddress address);
}
