package org.slapos.instancenode.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * {@code dns-mode = authoritative}: asks every authoritative name server of the zone directly, as
 * cert-manager's self-check does, so a record is seen as soon as all of them serve it, whatever
 * resolvers have cached. The CNAME chain, the zone, its NS hosts and their addresses come from the
 * recursive resolvers; the TXT question goes to every NS host (to its first address that answers).
 * The evidence has one answer per NS host.
 */
final class AuthoritativeTxtLookup implements TxtLookup {
  private final Resolvers resolvers;
  private final ZoneServers zoneServers;
  private final TxtQuery query;
  private final AuthoritativeEndpoints endpoints;

  /**
   * @param endpoints where the name servers' addresses are asked: port 53, except in tests
   */
  AuthoritativeTxtLookup(Resolvers resolvers, AuthoritativeEndpoints endpoints) {
    this.resolvers = resolvers;
    this.zoneServers = new ZoneServers(resolvers);
    this.query = new TxtQuery(resolvers.client());
    this.endpoints = endpoints;
  }

  @Override
  public TxtEvidence lookup(String name) {
    Name absolute = DnsNames.absolute(name);
    String text = absolute.toString(true);
    List<Name> chain;
    List<Name> hosts;
    try {
      chain = zoneServers.cnameChain(absolute);
      hosts = zoneServers.nameServers(zoneServers.zoneOf(chain.getLast()));
    } catch (DnsUnavailableException e) {
      return TxtEvidence.of(
          text, resolversLabel(), new TxtAnswer.Transient(e.getMessage(), e.brief()));
    }
    List<ServerAnswer> answers = new ArrayList<>();
    for (Name host : hosts) {
      answers.add(
          new ServerAnswer(host.toString(true), viaChain(ask(host, chain.getLast()), chain)));
    }
    return new TxtEvidence(text, answers);
  }

  /** The first non-transient answer of one of the host's addresses. */
  private TxtAnswer ask(Name host, Name name) {
    List<InetAddress> addresses;
    try {
      addresses = zoneServers.addresses(host);
    } catch (DnsUnavailableException e) {
      return new TxtAnswer.Transient(e.getMessage(), e.brief());
    }
    List<TxtAnswer.Transient> failures = new ArrayList<>();
    for (InetAddress address : addresses) {
      NameServer server = new NameServer(host.toString(true), endpoints.of(address));
      TxtAnswer answer = query.ask(server, name, false);
      if (!(answer instanceof TxtAnswer.Transient failure)) {
        return answer;
      }
      failures.add(failure);
    }
    return TxtAnswer.Transient.joined(failures);
  }

  /** The answer about the chain's end, told as an answer about its start. */
  private static TxtAnswer viaChain(TxtAnswer answer, List<Name> chain) {
    if (chain.size() == 1) {
      return answer;
    }
    List<String> targets =
        chain.subList(1, chain.size()).stream().map(n -> n.toString(true)).toList();
    return switch (answer) {
      case TxtAnswer.Found found -> {
        List<String> all = new ArrayList<>(targets);
        all.addAll(found.cnameChain());
        yield new TxtAnswer.Found(
            found.records(), chain.getFirst().toString(true), all, found.server());
      }
      case TxtAnswer.Absent absent ->
          new TxtAnswer.Absent(absent.why() + ", reached through CNAME: " + TxtQuery.path(chain));
      case TxtAnswer.Transient failure -> failure;
    };
  }

  private String resolversLabel() {
    return String.join(", ", resolvers.servers().stream().map(NameServer::label).toList());
  }
}
