package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.cdn.ChallengePlan.Decision;
import org.slapos.instancenode.config.VerificationSecret;
import org.slapos.instancenode.dns.ChallengeTokens;
import org.slapos.instancenode.dns.VerificationSecrets;
import org.slapos.instancenode.store.DomainValidation;

class ChallengePlanTest {
  private static final String REF = "SLAVE-1";
  private static final String DOMAIN = "www.example.com";

  private final ChallengeTokens tokens =
      new ChallengeTokens(
          VerificationSecrets.resolve(
              new VerificationSecret.Inline("test secret"), Path.of("unused")),
          () -> new byte[16]);
  private final ChallengePlan plan = new ChallengePlan(tokens, "_slapos-challenge");

  private static Optional<DomainValidation> stored(String domain, String token, boolean validated) {
    return Optional.of(new DomainValidation(REF, domain, token, validated, "100"));
  }

  @Test
  void aValidatedChallengeForTheSameDomainNeedsNoLookup() {
    assertEquals(
        new Decision.AlreadyValidated(),
        plan.decide(REF, DOMAIN, stored(DOMAIN, "t1", true), Optional.empty()));
  }

  @Test
  void aDomainValidatedByAnotherEntryIsAConflict() {
    Decision decision =
        plan.decide(REF, DOMAIN, stored(DOMAIN, "t1", false), Optional.of("SLAVE-0"));

    assertEquals(new Decision.Conflict(DOMAIN, "SLAVE-0"), decision);
    assertEquals(
        new CheckFailure(
            Reason.DOMAIN_CONFLICT,
            "custom_domain www.example.com is already validated for another entry; contact support",
            Map.of("domain", DOMAIN)),
        ((Decision.Conflict) decision).failure());
  }

  @Test
  void thePendingTokenIsReusedForTheSameDomain() {
    assertEquals(
        new Decision.NeedsLookup("t1", false),
        plan.decide(REF, DOMAIN, stored(DOMAIN, "t1", false), Optional.empty()));
  }

  @Test
  void aFirstChallengeGetsANewToken() {
    assertEquals(
        new Decision.NeedsLookup(tokens.issue(REF, DOMAIN), true),
        plan.decide(REF, DOMAIN, Optional.empty(), Optional.empty()));
  }

  @Test
  void aChangedDomainGetsANewTokenEvenIfTheOldOneWasValidated() {
    Decision decision =
        plan.decide(REF, DOMAIN, stored("old.example.com", "t1", true), Optional.empty());

    assertEquals(new Decision.NeedsLookup(tokens.issue(REF, DOMAIN), true), decision);
    assertNotEquals("t1", ((Decision.NeedsLookup) decision).token());
  }

  @Test
  void aChangedDomainHeldByAnotherEntryIsAConflict() {
    assertEquals(
        new Decision.Conflict(DOMAIN, "SLAVE-0"),
        plan.decide(REF, DOMAIN, stored("old.example.com", "t1", true), Optional.of("SLAVE-0")));
  }

  @Test
  void aStoredRowWithoutTokenGetsANewOne() {
    assertEquals(
        new Decision.NeedsLookup(tokens.issue(REF, DOMAIN), true),
        plan.decide(REF, DOMAIN, stored(DOMAIN, "", false), Optional.empty()));
  }

  @Test
  void thePendingFailureSaysWhatToPublishAndWhatWasSeen() {
    assertEquals(
        new CheckFailure(
            Reason.DNS_CHALLENGE_PENDING,
            "to prove that you control www.example.com, publish a TXT record named"
                + " _slapos-challenge.www.example.com with the value t1; DNS returned TXT"
                + " record(s) 'abc'. The record is checked again automatically",
            Map.of("txt_record", "_slapos-challenge.www.example.com", "txt_value", "t1")),
        plan.pending(DOMAIN, "t1", "TXT record(s) 'abc'"));
  }
}
