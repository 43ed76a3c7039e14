package org.slapos.instancenode.cdn;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slapos.instancenode.desired.ParameterHosts;
import org.slapos.instancenode.dns.DnsLookups;
import org.slapos.instancenode.dns.TxtAnswer;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.DomainValidation;

/**
 * The DNS challenge of ARCHITECTURE.md section 7: an entry may use its {@code custom_domain} once a
 * TXT record {@code <dns-entry-name>.<domain>} holds the entry's token. The first entry validated
 * for a domain keeps it ({@code domain-conflict} for the others); a returning entry reclaims the
 * domain it had without a new challenge.
 *
 * <p>Order of effects: a new token is stored before any message shows it; a validation is one
 * atomic write that fails if another entry validated the domain first, so concurrent workers cannot
 * both win. A DNS failure changes nothing and is retried.
 */
public final class DomainOwnership implements OwnershipCheck {
  private final DomainStore domainDb;
  private final ChallengePlan plan;
  private final DnsLookups dns;
  private final PendingChallenges pending;
  private final HostNames hostNames;
  private final Clock clock;

  /**
   * @param hostNames the rules {@link HostNameCheck} applies, so both read the same domain
   */
  public DomainOwnership(
      DomainStore domainDb,
      ChallengePlan plan,
      DnsLookups dns,
      PendingChallenges pending,
      HostNames hostNames,
      Clock clock) {
    this.domainDb = domainDb;
    this.hostNames = hostNames;
    this.plan = plan;
    this.dns = dns;
    this.pending = pending;
    this.clock = clock;
  }

  @Override
  public Ownership check(EntrySnapshot entry) throws ChallengeUnavailableException {
    String reference = entry.reference();
    Optional<String> domain = customDomain(entry);
    if (domain.isEmpty()) {
      pending.settled(reference);
      return Ownership.proven();
    }
    Ownership outcome = check(entry, domain.get());
    if (outcome.recheckAfter().isEmpty()) {
      pending.settled(reference);
    }
    return outcome;
  }

  @Override
  public void forget(String reference) {
    pending.settled(reference);
  }

  private Ownership check(EntrySnapshot entry, String domain) throws ChallengeUnavailableException {
    String reference = entry.reference();
    String now = Long.toString(clock.instant().getEpochSecond());
    ChallengePlan.Decision decision =
        plan.decide(
            reference,
            domain,
            domainDb.find(reference),
            domainDb.validatedByOther(domain, reference).map(DomainValidation::instanceReference));
    switch (decision) {
      case ChallengePlan.Decision.AlreadyValidated validated -> {
        return Ownership.proven();
      }
      case ChallengePlan.Decision.Conflict conflict -> {
        return Ownership.refused(conflict.failure());
      }
      case ChallengePlan.Decision.NeedsLookup lookup -> {
        if (lookup.newToken()) {
          domainDb.put(new DomainValidation(reference, domain, lookup.token(), false, now));
        } else if (domainDb.reclaim(reference, domain, now)) {
          return Ownership.proven();
        } else {
          Optional<PendingChallenges.Waiting> waiting =
              pending.waiting(reference, entry.desired().hash(), entry.now());
          if (waiting.isPresent()) {
            // Not due: what the last lookup saw stands until the next one.
            return Ownership.pending(
                plan.pending(domain, lookup.token(), waiting.get().seen()), waiting.get().dueIn());
          }
        }
        return lookUp(entry, domain, lookup.token(), now);
      }
    }
  }

  private Ownership lookUp(EntrySnapshot entry, String domain, String token, String now)
      throws ChallengeUnavailableException {
    String reference = entry.reference();
    TxtAnswer answer = dns.txtNow(plan.txtRecord(domain)).answerFor(token);
    return switch (answer) {
      case TxtAnswer.Transient failed ->
          throw new ChallengeUnavailableException(reference, failed.why(), failed.brief());
      case TxtAnswer.Found found when found.contains(token) -> {
        if (domainDb.validate(reference, domain, token, now)) {
          yield Ownership.proven();
        }
        // Another entry validated the domain between our read and our write: it keeps it.
        yield Ownership.refused(
            new ChallengePlan.Decision.Conflict(
                    domain,
                    domainDb
                        .validatedByOther(domain, reference)
                        .map(DomainValidation::instanceReference)
                        .orElse("another entry"))
                .failure());
      }
      case TxtAnswer.Found other -> pendingFor(entry, domain, token, seen(other));
      case TxtAnswer.Absent absent -> pendingFor(entry, domain, token, absent.why());
    };
  }

  private Ownership pendingFor(EntrySnapshot entry, String domain, String token, String seen) {
    Duration after = pending.pending(entry.reference(), entry.desired().hash(), seen, entry.now());
    return Ownership.pending(plan.pending(domain, token, seen), after);
  }

  private static String seen(TxtAnswer.Found found) {
    return found.records().stream().map(r -> "'" + r + "'").collect(Collectors.joining(", "))
        + (found.records().size() == 1 ? " is the TXT record" : " are the TXT records")
        + " at "
        + found.holder()
        + " (from "
        + found.server()
        + ")";
  }

  /**
   * The normalised custom domain, when it is a valid host name ({@link HostNameCheck} reports the
   * rest).
   */
  private Optional<String> customDomain(EntrySnapshot entry) {
    String text = entry.text(ParameterHosts.CUSTOM_DOMAIN);
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(hostNames.parse(text, false).name());
    } catch (InvalidHostNameException e) {
      return Optional.empty();
    }
  }
}
