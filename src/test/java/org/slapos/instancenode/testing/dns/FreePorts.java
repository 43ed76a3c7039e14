package org.slapos.instancenode.testing.dns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds a port free for both UDP and TCP on every given address, as a DNS server needs. */
public final class FreePorts {
  private FreePorts() {}

  /** A port that was free on all {@code addresses} (for UDP and TCP) a moment ago. */
  public static int on(InetAddress... addresses) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, addresses[0])) {
        port = probe.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("cannot bind on " + addresses[0], e);
      }
      if (freeEverywhere(port, addresses)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no port free on all of " + java.util.Arrays.toString(addresses));
  }

  private static boolean freeEverywhere(int port, InetAddress... addresses) {
    for (InetAddress address : addresses) {
      try (ServerSocket tcp = new ServerSocket();
          DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port))) {
        tcp.bind(new InetSocketAddress(address, port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
