package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.config.VerificationSecret;
import org.slapos.instancenode.dns.ChallengeTokens;
import org.slapos.instancenode.dns.DnsLookups;
import org.slapos.instancenode.dns.DnsMetrics;
import org.slapos.instancenode.dns.ServerAnswer;
import org.slapos.instancenode.dns.TxtAnswer;
import org.slapos.instancenode.dns.TxtEvidence;
import org.slapos.instancenode.dns.VerificationSecrets;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.ParameterHash;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.testing.FakeClock;

class DomainOwnershipTest {
  private static final Duration MIN = Duration.ofMinutes(1);
  private static final Duration MAX = Duration.ofHours(1);
  private static final String RECORD = "_slapos-challenge.www.example.com";

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();
  private final Map<String, TxtAnswer> zone = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private PendingChallenges pending;
  private DomainStore domainDb;
  private DnsLookups dns;
  private DomainOwnership ownership;

  @BeforeEach
  void open() {
    domainDb = DomainStore.open(dir.resolve("domain.sqlite"));
    pending = new PendingChallenges(domainDb.schedules(), MIN, MAX);
    dns =
        new DnsLookups(
            name -> {
              lookups.incrementAndGet();
              TxtAnswer answer =
                  zone.getOrDefault(name, new TxtAnswer.Absent("no TXT record at " + name));
              return new TxtEvidence(name, List.of(new ServerAnswer("127.0.0.1:53", answer)));
            },
            2,
            DnsMetrics.NONE);
    ChallengeTokens tokens =
        new ChallengeTokens(
            VerificationSecrets.resolve(new VerificationSecret.Inline("test"), Path.of("unused")));
    ownership =
        new DomainOwnership(
            domainDb,
            new ChallengePlan(tokens, "_slapos-challenge"),
            dns,
            pending,
            HostNames.PUBLIC_ONLY,
            clock);
  }

  @AfterEach
  void close() {
    domainDb.close();
  }

  private EntrySnapshot entry(String reference, String parameters) throws Exception {
    InstanceRow row =
        new InstanceRow(
            reference,
            parameters,
            "{}",
            ParameterHash.ofDumped(parameters),
            "1",
            InstanceRow.VALID);
    return new EntrySnapshot(
        row, (ObjectNode) Json.MAPPER.readTree(parameters), List.of(), Map.of(), clock.instant());
  }

  private EntrySnapshot entry(String reference) throws Exception {
    return entry(reference, "{\"custom_domain\": \"www.example.com\"}");
  }

  private void publish(String... values) {
    zone.put(RECORD, new TxtAnswer.Found(List.of(values), RECORD, List.of(), "127.0.0.1:53"));
  }

  private String token(String reference) {
    return domainDb.find(reference).orElseThrow().token();
  }

  @Test
  void anEntryWithoutCustomDomainNeedsNoChallenge() throws Exception {
    assertEquals(Ownership.proven(), ownership.check(entry("A", "{\"url\": \"http://x\"}")));
    assertEquals(0, lookups.get());
    assertEquals(Optional.empty(), domainDb.find("A"));
  }

  @Test
  void aNewDomainIsPendingWithTheRecordToPublishStoredBeforeItIsShown() throws Exception {
    Ownership outcome = ownership.check(entry("A"));

    CheckFailure failure = outcome.failure().orElseThrow();
    assertEquals(Reason.DNS_CHALLENGE_PENDING, failure.reason());
    assertEquals(RECORD, failure.details().get("txt_record"));
    assertEquals(token("A"), failure.details().get("txt_value"));
    assertTrue(failure.message().contains("no TXT record at " + RECORD), failure.message());
    assertFalse(domainDb.find("A").orElseThrow().validated());
    assertEquals(Optional.of(MIN), outcome.recheckAfter());
  }

  @Test
  void theTokenPublishedLaterValidatesTheDomainAndThenNoLookupIsNeeded() throws Exception {
    ownership.check(entry("A"));
    String token = token("A");
    publish("unrelated", token);
    clock.advance(MIN);

    assertEquals(Ownership.proven(), ownership.check(entry("A")));
    assertTrue(domainDb.find("A").orElseThrow().validated());
    assertEquals(token, token("A"));

    int before = lookups.get();
    assertEquals(Ownership.proven(), ownership.check(entry("A")));
    assertEquals(before, lookups.get());
  }

  @Test
  void aWrongValueStaysPendingAndSaysWhatDnsHolds() throws Exception {
    ownership.check(entry("A"));
    publish("not-the-token");
    clock.advance(MIN);

    CheckFailure failure = ownership.check(entry("A")).failure().orElseThrow();

    assertEquals(Reason.DNS_CHALLENGE_PENDING, failure.reason());
    assertTrue(failure.message().contains("'not-the-token'"), failure.message());
  }

  @Test
  void aDnsFailureChangesNothing() throws Exception {
    ownership.check(entry("A"));
    publish(token("A"));
    zone.put(RECORD, new TxtAnswer.Transient("SERVFAIL from 127.0.0.1:53"));
    clock.advance(MIN);

    ChallengeUnavailableException e =
        assertThrows(ChallengeUnavailableException.class, () -> ownership.check(entry("A")));

    assertTrue(e.getMessage().contains("entry A"), e.getMessage());
    assertTrue(e.getMessage().contains("SERVFAIL"), e.getMessage());
    assertFalse(domainDb.find("A").orElseThrow().validated());
  }

  @Test
  void theFirstValidatedEntryKeepsTheDomainAndTheOtherGetsAConflict() throws Exception {
    ownership.check(entry("A"));
    ownership.check(entry("B"));
    publish(token("A"), token("B"));
    clock.advance(MIN);
    assertEquals(Ownership.proven(), ownership.check(entry("A")));

    Ownership other = ownership.check(entry("B"));

    assertEquals(Reason.DOMAIN_CONFLICT, other.failure().orElseThrow().reason());
    assertEquals(Optional.empty(), other.recheckAfter());
    assertFalse(domainDb.find("B").orElseThrow().validated());
  }

  @Test
  void aReturningEntryReclaimsItsDomainWithoutAskingDns() throws Exception {
    ownership.check(entry("A"));
    publish(token("A"));
    clock.advance(MIN);
    ownership.check(entry("A"));
    domainDb.suspend("A", "200");
    zone.clear();
    int before = lookups.get();

    assertEquals(Ownership.proven(), ownership.check(entry("A")));
    assertEquals(before, lookups.get());
    assertTrue(domainDb.find("A").orElseThrow().validated());
  }

  @Test
  void aChangedDomainNeedsANewToken() throws Exception {
    ownership.check(entry("A"));
    String first = token("A");

    ownership.check(entry("A", "{\"custom_domain\": \"shop.example.com\"}"));

    assertEquals("shop.example.com", domainDb.find("A").orElseThrow().domain());
    assertNotEquals(first, token("A"));
  }

  @Test
  void rechecksSpreadOutTheLongerTheEntryWaitsAndStartAgainWhenItChanges() throws Exception {
    assertEquals(Optional.of(MIN), ownership.check(entry("A")).recheckAfter());
    clock.advance(Duration.ofHours(3));
    assertEquals(Optional.of(MAX), ownership.check(entry("A")).recheckAfter());

    EntrySnapshot changed =
        entry("A", "{\"custom_domain\": \"www.example.com\", \"url\": \"http://x\"}");
    assertEquals(Optional.of(MIN), ownership.check(changed).recheckAfter());

    clock.advance(Duration.ofHours(3));
    pending.resetAll();
    assertEquals(Optional.of(MIN), ownership.check(changed).recheckAfter());
  }

  @Test
  void aChallengeThatIsNotDueIsNotLookedUpAndShowsWhatTheLastLookupSaw() throws Exception {
    ownership.check(entry("A"));
    publish("not-the-token");
    int before = lookups.get();

    clock.advance(MIN.minusSeconds(1));
    Ownership early = ownership.check(entry("A"));

    assertEquals(before, lookups.get());
    assertEquals(Optional.of(Duration.ofSeconds(1)), early.recheckAfter());
    String message = early.failure().orElseThrow().message();
    assertTrue(message.contains("no TXT record at " + RECORD), message);

    clock.advance(Duration.ofSeconds(1));
    Ownership due = ownership.check(entry("A"));
    assertEquals(before + 1, lookups.get());
    assertTrue(due.failure().orElseThrow().message().contains("'not-the-token'"));
  }

  @Test
  void aResetChallengeIsLookedUpAtOnceAndStartsItsScheduleAgain() throws Exception {
    ownership.check(entry("A"));
    clock.advance(Duration.ofHours(3));
    assertEquals(Optional.of(MAX), ownership.check(entry("A")).recheckAfter());
    int before = lookups.get();

    assertEquals(1, domainDb.schedules().reset(List.of("A")));
    assertEquals(Optional.of(MIN), ownership.check(entry("A")).recheckAfter());
    assertEquals(before + 1, lookups.get());
  }

  @Test
  void aSettledChallengeLeavesNoSchedule() throws Exception {
    ownership.check(entry("A"));
    assertTrue(domainDb.schedules().find("A").isPresent());
    publish(token("A"));
    clock.advance(MIN);

    assertEquals(Ownership.proven(), ownership.check(entry("A")));
    assertEquals(Optional.empty(), domainDb.schedules().find("A"));
  }
}
