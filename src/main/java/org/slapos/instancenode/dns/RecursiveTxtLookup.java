package org.slapos.instancenode.dns;

import org.xbill.DNS.Name;

/**
 * {@code dns-mode = recursive}: asks the resolvers in order and keeps the first usable answer
 * (found or absent); transient only when none gave one.
 */
final class RecursiveTxtLookup implements TxtLookup {
  private final Resolvers resolvers;
  private final TxtQuery query;

  RecursiveTxtLookup(Resolvers resolvers) {
    this.resolvers = resolvers;
    this.query = new TxtQuery(resolvers.client());
  }

  @Override
  public TxtEvidence lookup(String name) {
    Name absolute = DnsNames.absolute(name);
    ServerAnswer answer = resolvers.txt(query, absolute);
    return TxtEvidence.of(absolute.toString(true), answer.server(), answer.answer());
  }
}
