package org.slapos.instancenode.testing.dns;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.slapos.instancenode.config.IniFile;
import org.slapos.instancenode.config.NodeConfig;

/** Node configurations for DNS tests: a minimal section plus the given {@code dns-*} lines. */
public final class DnsTestConfig {
  private DnsTestConfig() {}

  /** A configuration asking {@code resolvers}, with a 300 ms timeout, plus {@code extraLines}. */
  public static NodeConfig resolvingThrough(InetSocketAddress[] resolvers, String... extraLines) {
    String nameservers =
        Arrays.stream(resolvers)
            .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
            .collect(Collectors.joining(","));
    String text =
        """
        [slaposinstancenode]
        instance-db-path = /srv/node/instance.db
        requestinstance-db-path = /srv/node/request.db
        domain-validation-db-path = /srv/node/domain.db
        dns-timeout = 300ms
        dns-nameserver = %s
        """
                .formatted(nameservers)
            + String.join("\n", extraLines)
            + "\n";
    return NodeConfig.from(IniFile.parse(text, "dns-test.cfg"));
  }

  /** As {@link #resolvingThrough(InetSocketAddress[], String...)} with one resolver. */
  public static NodeConfig resolvingThrough(InetSocketAddress resolver, String... extraLines) {
    return resolvingThrough(new InetSocketAddress[] {resolver}, extraLines);
  }
}
