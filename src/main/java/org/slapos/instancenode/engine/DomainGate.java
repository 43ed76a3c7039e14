package org.slapos.instancenode.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slapos.instancenode.cdn.ChallengePlan;
import org.slapos.instancenode.cdn.DomainOwnership;
import org.slapos.instancenode.cdn.HostNames;
import org.slapos.instancenode.cdn.PendingChallenges;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.dns.AuthoritativeEndpoints;
import org.slapos.instancenode.dns.ChallengeSecret;
import org.slapos.instancenode.dns.ChallengeTokens;
import org.slapos.instancenode.dns.DnsLookups;
import org.slapos.instancenode.dns.DnsMetrics;
import org.slapos.instancenode.store.ChallengeSchedules;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.time.Deadline;

/**
 * The domain-ownership gate of a {@code cdn} node, wired from its configuration: DNS lookups, the
 * challenge tokens, and the re-check schedule of pending challenges. No DNS question waits past the
 * run's deadline ({@link Deadline#NONE} for the daemon).
 */
final class DomainGate {
  private final PendingChallenges pending;
  private final DomainOwnership ownership;
  private final ChallengeSchedules schedules;
  private final Clock clock;

  DomainGate(
      NodeConfig config,
      ChallengeSecret secret,
      DomainStore domains,
      DnsMetrics metrics,
      Deadline deadline,
      Clock clock) {
    this.clock = clock;
    schedules = domains.schedules();
    pending =
        new PendingChallenges(
            schedules, config.challengeRecheckMin(), config.challengeRecheckMax());
    ownership =
        new DomainOwnership(
            domains,
            new ChallengePlan(new ChallengeTokens(secret), config.dnsEntryName()),
            DnsLookups.from(config, metrics, AuthoritativeEndpoints.PORT_53, deadline),
            pending,
            HostNames.withPrivateSuffixes(config.privateSuffixes()),
            clock);
  }

  DomainOwnership ownership() {
    return ownership;
  }

  /** SIGHUP: pending challenges are due now and start their re-check schedule again. */
  void hangup() {
    pending.resetAll();
  }

  /** How many pending challenges are not due yet. */
  int waiting() {
    Instant now = clock.instant();
    return (int) nextChecks().values().stream().filter(at -> at.isAfter(now)).count();
  }

  /** When each pending challenge is due next, by reference. */
  Map<String, Instant> nextChecks() {
    return schedules.nextChecks();
  }
}
