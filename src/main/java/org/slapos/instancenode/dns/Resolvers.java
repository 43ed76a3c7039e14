package org.slapos.instancenode.dns;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The recursive resolvers, asked in the configured order until one gives a usable answer (as
 * dnsjava's {@code ExtendedResolver} does, but treating SERVFAIL and REFUSED as a reason to ask the
 * next one). Thread-safe.
 */
final class Resolvers {
  private final List<NameServer> servers;
  private final DnsClient client;

  Resolvers(List<NameServer> servers, DnsClient client) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no DNS resolver: set dns-nameserver");
    }
    this.servers = List.copyOf(servers);
    this.client = client;
  }

  List<NameServer> servers() {
    return servers;
  }

  DnsClient client() {
    return client;
  }

  /** The first NOERROR or NXDOMAIN response to a recursive question. */
  Message query(Name name, int type) throws DnsUnavailableException {
    List<String> failures = new ArrayList<>();
    List<String> briefs = new ArrayList<>();
    for (NameServer server : servers) {
      try {
        Message response = client.ask(server, name, type, true);
        int rcode = response.getRcode();
        if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
          return response;
        }
        String brief = DnsClient.rcode(response) + " from " + server.label();
        failures.add(brief + " for " + DnsClient.question(name, type));
        briefs.add(brief);
      } catch (DnsUnavailableException e) {
        failures.add(e.getMessage());
        briefs.add(e.brief());
      }
    }
    throw new DnsUnavailableException(
        String.join("; ", failures), String.join("; ", briefs.stream().distinct().toList()));
  }

  /** The first non-transient TXT answer, from the server that gave it. */
  ServerAnswer txt(TxtQuery query, Name name) {
    List<TxtAnswer.Transient> failures = new ArrayList<>();
    for (NameServer server : servers) {
      TxtAnswer answer = query.ask(server, name, true);
      if (!(answer instanceof TxtAnswer.Transient failure)) {
        return new ServerAnswer(server.label(), answer);
      }
      failures.add(failure);
    }
    return new ServerAnswer(
        String.join(", ", servers.stream().map(NameServer::label).toList()),
        TxtAnswer.Transient.joined(failures));
  }
}
