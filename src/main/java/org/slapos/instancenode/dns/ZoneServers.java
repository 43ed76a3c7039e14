package org.slapos.instancenode.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds, through the recursive resolvers, where a name's authoritative data lives: the end of its
 * CNAME chain, the zone holding that end, the zone's NS host names and their addresses.
 * Thread-safe.
 */
final class ZoneServers {
  private final Resolvers resolvers;

  ZoneServers(Resolvers resolvers) {
    this.resolvers = resolvers;
  }

  /** {@code name} followed by the CNAME targets it leads to, the last one not being a CNAME. */
  List<Name> cnameChain(Name name) throws DnsUnavailableException {
    List<Name> chain = new ArrayList<>(List.of(name));
    while (true) {
      Message response = resolvers.query(chain.getLast(), Type.CNAME);
      Name target =
          answers(response, chain.getLast(), CNAMERecord.class).stream()
              .map(CNAMERecord::getTarget)
              .findFirst()
              .orElse(null);
      if (target == null) {
        return chain;
      }
      if (chain.contains(target)) {
        throw new DnsUnavailableException(
            "CNAME loop: " + TxtQuery.path(chain) + " -> " + target.toString(true));
      }
      chain.add(target);
      if (chain.size() - 1 > TxtQuery.MAX_CNAMES) {
        throw new DnsUnavailableException(
            "CNAME chain longer than " + TxtQuery.MAX_CNAMES + ": " + TxtQuery.path(chain));
      }
    }
  }

  /**
   * The zone holding {@code name}: the closest enclosing name with an SOA record. The SOA in the
   * authority section of a negative answer names it at once; otherwise the walk goes up a label.
   */
  Name zoneOf(Name name) throws DnsUnavailableException {
    for (Name candidate = name; ; candidate = new Name(candidate, 1)) {
      Message response = resolvers.query(candidate, Type.SOA);
      if (!answers(response, candidate, SOARecord.class).isEmpty()) {
        return candidate;
      }
      if (response.getSection(Section.ANSWER).isEmpty()) {
        for (Record soa : response.getSection(Section.AUTHORITY)) {
          if (soa instanceof SOARecord && candidate.subdomain(soa.getName())) {
            return soa.getName();
          }
        }
      }
      if (candidate.equals(Name.root)) {
        throw new DnsUnavailableException("no zone found for " + name.toString(true));
      }
    }
  }

  /**
   * The NS host names of {@code zone}, sorted: servers rotate their records, and a stable order
   * keeps the messages built from the answers stable.
   */
  List<Name> nameServers(Name zone) throws DnsUnavailableException {
    List<Name> hosts =
        answers(resolvers.query(zone, Type.NS), zone, NSRecord.class).stream()
            .map(NSRecord::getTarget)
            .sorted()
            .toList();
    if (hosts.isEmpty()) {
      throw new DnsUnavailableException("no NS record for zone " + zone.toString(true));
    }
    return hosts;
  }

  /** The IPv4 then IPv6 addresses of {@code host}. */
  List<InetAddress> addresses(Name host) throws DnsUnavailableException {
    List<InetAddress> addresses = new ArrayList<>();
    answers(resolvers.query(host, Type.A), host, ARecord.class)
        .forEach(a -> addresses.add(a.getAddress()));
    answers(resolvers.query(host, Type.AAAA), host, AAAARecord.class)
        .forEach(a -> addresses.add(a.getAddress()));
    if (addresses.isEmpty()) {
      throw new DnsUnavailableException(
          "name server " + host.toString(true) + " has no A or AAAA record");
    }
    return addresses;
  }

  private static <T extends Record> List<T> answers(Message response, Name owner, Class<T> type) {
    return response.getSection(Section.ANSWER).stream()
        .filter(r -> type.isInstance(r) && r.getName().equals(owner))
        .map(type::cast)
        .toList();
  }
}
