package org.slapos.instancenode.testing.dns;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A zone a {@link BindServer} serves: its origin and its NS hosts with their IPv4 addresses (the A
 * records are written in the zone when the host is inside it). Without NS hosts, the zone has
 * {@code ns1.<origin>} at the server's own address.
 *
 * @param origin the zone's apex, without the final dot
 * @param nameServers NS host name to IPv4 address, in NS record order
 */
public record DnsZone(String origin, Map<String, String> nameServers) {
  public DnsZone {
    nameServers = Collections.unmodifiableMap(new LinkedHashMap<>(nameServers));
  }

  /** A zone with the default NS host. */
  public static DnsZone zone(String origin) {
    return new DnsZone(origin, Map.of());
  }

  /** This zone with one more NS host. */
  public DnsZone withNameServer(String host, String ipv4) {
    Map<String, String> more = new LinkedHashMap<>(nameServers);
    more.put(host, ipv4);
    return new DnsZone(origin, more);
  }

  /** The zone file's text; {@code serverAddress} is the default NS host's address. */
  String fileText(String serverAddress) {
    Map<String, String> hosts =
        nameServers.isEmpty() ? Map.of("ns1." + origin, serverAddress) : nameServers;
    StringBuilder text = new StringBuilder();
    text.append("$TTL 60\n");
    text.append("@ IN SOA ")
        .append(hosts.keySet().iterator().next())
        .append(". hostmaster.")
        .append(origin)
        .append(". 1 3600 600 86400 1\n");
    hosts.keySet().forEach(host -> text.append("@ IN NS ").append(host).append(".\n"));
    hosts.forEach(
        (host, ip) -> {
          if (contains(host)) {
            text.append(host).append(". IN A ").append(ip).append('\n');
          }
        });
    return text.toString();
  }

  /** Whether {@code name} is this zone's apex or below it. */
  boolean contains(String name) {
    String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return bare.equalsIgnoreCase(origin) || bare.toLowerCase().endsWith("." + origin.toLowerCase());
  }
}
