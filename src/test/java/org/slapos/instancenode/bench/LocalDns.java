package org.slapos.instancenode.bench;

import java.io.IOException;
import java.util.stream.IntStream;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;

/**
 * A BIND for the benchmark's file and drop-in cases, authoritative for the zones of {@link
 * Workload}'s domains ({@code example0.com} to {@code example49.com}) with no challenge record:
 * every custom domain stays pending, as on a node whose users have not published yet. Prints {@code
 * 127.0.0.1:PORT} (where it answers DNS), then {@code 127.0.0.1:PORT} of its statistics channel
 * (the benchmark counts the TXT questions there), and serves until its standard input closes.
 */
public final class LocalDns {
  private LocalDns() {}

  public static void main(String[] args) throws IOException {
    try (BindServer dns =
        BindServer.start(
            IntStream.range(0, 50)
                .mapToObj(i -> DnsZone.zone("example" + i + ".com"))
                .toArray(DnsZone[]::new))) {
      System.out.println("127.0.0.1:" + dns.address().getPort());
      System.out.println("127.0.0.1:" + dns.statisticsAddress().getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Serve until the benchmark closes our input.
      }
    }
  }
}
