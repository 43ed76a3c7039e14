package org.slapos.instancenode.testing.dns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds a port free for both UDP and TCP, as a DNS server needs. */
public final class FreePorts {
  private FreePorts() {}

  /** A port that was free on {@code address} for UDP and TCP a moment ago. */
  public static int on(InetAddress address) {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, address);
          DatagramSocket udp =
              new DatagramSocket(new InetSocketAddress(address, tcp.getLocalPort()))) {
        return udp.getLocalPort();
      } catch (IOException e) {
        // The UDP side of that port is taken: try another one.
      }
    }
    throw new IllegalStateException("no port free for UDP and TCP on " + address);
  }
}
