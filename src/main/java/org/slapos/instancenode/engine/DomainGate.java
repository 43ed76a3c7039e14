package org.slapos.instancenode.engine;

import java.time.Clock;
import org.slapos.instancenode.cdn.ChallengePlan;
import org.slapos.instancenode.cdn.DomainOwnership;
import org.slapos.instancenode.cdn.HostNames;
import org.slapos.instancenode.cdn.PendingChallenges;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.dns.ChallengeSecret;
import org.slapos.instancenode.dns.ChallengeTokens;
import org.slapos.instancenode.dns.DnsLookups;
import org.slapos.instancenode.dns.DnsMetrics;
import org.slapos.instancenode.store.DomainStore;

/**
 * The domain-ownership gate of a {@code cdn} node, wired from its configuration: DNS lookups, the
 * challenge tokens, and the re-check schedule of pending challenges.
 */
final class DomainGate {
  private final PendingChallenges pending;
  private final DomainOwnership ownership;

  DomainGate(
      NodeConfig config,
      ChallengeSecret secret,
      DomainStore domains,
      DnsMetrics metrics,
      Clock clock) {
    pending = new PendingChallenges(config.challengeRecheckMin(), config.challengeRecheckMax());
    ownership =
        new DomainOwnership(
            domains,
            new ChallengePlan(new ChallengeTokens(secret), config.dnsEntryName()),
            DnsLookups.from(config, metrics),
            pending,
            HostNames.withPrivateSuffixes(config.privateSuffixes()),
            clock);
  }

  DomainOwnership ownership() {
    return ownership;
  }

  /** SIGHUP: pending challenges start their re-check schedule again. */
  void hangup() {
    pending.reset();
  }
}
