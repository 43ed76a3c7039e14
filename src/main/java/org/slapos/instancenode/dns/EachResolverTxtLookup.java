package org.slapos.instancenode.dns;

import org.xbill.DNS.Name;

/**
 * Asks every resolver separately and keeps every answer, so that the {@code challenge} command can
 * show what each configured name server sees.
 */
final class EachResolverTxtLookup implements TxtLookup {
  private final Resolvers resolvers;
  private final TxtQuery query;

  EachResolverTxtLookup(Resolvers resolvers) {
    this.resolvers = resolvers;
    this.query = new TxtQuery(resolvers.client());
  }

  @Override
  public TxtEvidence lookup(String name) {
    Name absolute = DnsNames.absolute(name);
    return new TxtEvidence(
        absolute.toString(true),
        resolvers.servers().stream()
            .map(server -> new ServerAnswer(server.label(), query.ask(server, absolute, true)))
            .toList());
  }
}
