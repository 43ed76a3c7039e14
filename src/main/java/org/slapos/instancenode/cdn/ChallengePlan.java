package org.slapos.instancenode.cdn;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slapos.instancenode.dns.ChallengeTokens;
import org.slapos.instancenode.store.DomainValidation;

/**
 * What the domain-ownership gate does next for an entry with a {@code custom_domain}, decided from
 * stored facts only (no DNS, no database), and the failures it reports. Thread-safe.
 *
 * <p>Caller duties: persist the token of a {@link Decision.NeedsLookup} whose {@code newToken} is
 * true before showing it anywhere; record a successful lookup with {@code DomainStore.validate},
 * which refuses it when another entry validated the domain in the meantime.
 */
public final class ChallengePlan {
  private final ChallengeTokens tokens;
  private final String dnsEntryName;

  /**
   * @param dnsEntryName the label the TXT record is published under ({@code dns-entry-name})
   */
  public ChallengePlan(ChallengeTokens tokens, String dnsEntryName) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.dnsEntryName = Objects.requireNonNull(dnsEntryName, "dnsEntryName");
  }

  /** The next step of the gate. */
  public sealed interface Decision {
    /** The entry's stored challenge is validated for this very domain: nothing to look up. */
    record AlreadyValidated() implements Decision {}

    /**
     * Another entry validated the domain first and keeps it.
     *
     * @param otherReference the holder: for logs and operators, never shown to this entry's user
     */
    record Conflict(String domain, String otherReference) implements Decision {
      /** The failure reported to the user: reason {@code domain-conflict}, {@code domain} set. */
      public CheckFailure failure() {
        return new CheckFailure(
            Reason.DOMAIN_CONFLICT,
            "custom_domain " + domain + " is already validated for another entry; contact support",
            Map.of("domain", domain));
      }
    }

    /**
     * The TXT record must be looked up and compared with {@code token}.
     *
     * @param newToken true when {@code token} was just issued and is not stored yet
     */
    record NeedsLookup(String token, boolean newToken) implements Decision {}
  }

  /**
   * Decides for {@code reference} asking for {@code domain} (normalised, as stored).
   *
   * @param stored the entry's row of {@code domain_validation}, if any
   * @param validatedBy another entry holding a validated challenge for {@code domain}, if any
   */
  public Decision decide(
      String reference,
      String domain,
      Optional<DomainValidation> stored,
      Optional<String> validatedBy) {
    Optional<DomainValidation> sameDomain = stored.filter(v -> domain.equals(v.domain()));
    if (sameDomain.filter(DomainValidation::validated).isPresent()) {
      return new Decision.AlreadyValidated();
    }
    if (validatedBy.isPresent()) {
      return new Decision.Conflict(domain, validatedBy.get());
    }
    return sameDomain
        .map(DomainValidation::token)
        .filter(token -> !token.isEmpty())
        .<Decision>map(token -> new Decision.NeedsLookup(token, false))
        .orElseGet(() -> new Decision.NeedsLookup(tokens.issue(reference, domain), true));
  }

  /** The name of the TXT record that proves control of {@code domain}. */
  public String txtRecord(String domain) {
    return txtRecord(dnsEntryName, domain);
  }

  /**
   * The name of the TXT record that proves control of {@code domain} under the label {@code
   * dnsEntryName}: for readers that issue no token, such as the {@code challenge} command.
   */
  public static String txtRecord(String dnsEntryName, String domain) {
    return dnsEntryName + "." + domain;
  }

  /**
   * The failure of a challenge not met yet: reason {@code dns-challenge-pending}, details {@code
   * txt_record} and {@code txt_value}.
   *
   * @param seen what DNS returned instead, for example {@code no TXT record} or {@code TXT
   *     record(s) 'abc'}; free of volatile parts (times, query ids) so an unchanged answer gives an
   *     unchanged message
   */
  public CheckFailure pending(String domain, String token, String seen) {
    String record = txtRecord(domain);
    return new CheckFailure(
        Reason.DNS_CHALLENGE_PENDING,
        "to prove that you control "
            + domain
            + ", publish a TXT record named "
            + record
            + " with the value "
            + token
            + "; DNS returned "
            + seen
            + ". The record is checked again automatically",
        Map.of("txt_record", record, "txt_value", token));
  }
}
