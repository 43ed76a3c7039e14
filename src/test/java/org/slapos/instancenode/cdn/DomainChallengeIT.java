package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.DesiredEntries.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slapos.instancenode.store.DomainValidation;
import org.slapos.instancenode.testing.ChallengeNode;
import org.slapos.instancenode.testing.RecordedEntries;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;

/**
 * The DNS ownership challenge end to end, as {@code run --once} runs it: entries from a JSON file,
 * tokens in the domain DB, TXT records on a real BIND server changed by RFC 2136 updates, verdicts
 * in the request DB.
 */
class DomainChallengeIT {
  private static BindServer dns;

  @TempDir Path dir;
  private ChallengeNode node;

  @BeforeAll
  static void startDns() {
    dns =
        BindServer.start(
            DnsZone.zone("example.com"),
            DnsZone.zone("example.net"),
            DnsZone.zone("example.co.uk"));
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  @BeforeEach
  void newNode() throws Exception {
    node = new ChallengeNode(dir, dns);
  }

  @Test
  void aTokenPublishedLaterValidatesTheEntryOnTheNextRun() throws Exception {
    node.desire(entry("LATER", "later.example.com"));
    node.runOnce();

    assertPending("LATER", "later.example.com");
    assertTrue(
        node.jsonError("LATER").path("message").asText().contains("NXDOMAIN"),
        node.jsonError("LATER").toString());
    assertFalse(node.domainRow("LATER").orElseThrow().validated());

    dns.records().addTxt("_slapos-challenge.later.example.com", node.token("LATER"));
    node.runOnce();

    assertValidated("LATER", "later.example.com");
  }

  @Test
  void aWrongValueKeepsTheChallengePendingAndSaysWhatDnsHolds() throws Exception {
    node.desire(entry("WRONG", "wrong.example.com"));
    node.runOnce();
    dns.records().addTxt("_slapos-challenge.wrong.example.com", "not-the-token");

    node.runOnce();

    assertPending("WRONG", "wrong.example.com");
    String message = node.jsonError("WRONG").path("message").asText();
    assertTrue(message.contains("'not-the-token'"), message);
    assertTrue(message.contains("_slapos-challenge.wrong.example.com"), message);
  }

  @Test
  void aRecordSplitInSeveralStringsValidates() throws Exception {
    node.desire(entry("SPLIT", "split.example.com"));
    node.runOnce();
    String token = node.token("SPLIT");
    int third = token.length() / 3;
    dns.records()
        .addTxt(
            "_slapos-challenge.split.example.com",
            token.substring(0, third),
            token.substring(third, 2 * third),
            token.substring(2 * third));

    node.runOnce();

    assertValidated("SPLIT", "split.example.com");
  }

  @Test
  void aCnameToAnotherNameHoldingTheRecordValidates() throws Exception {
    node.desire(entry("CNAME", "cname.example.com"));
    node.runOnce();
    dns.records()
        .addCname("_slapos-challenge.cname.example.com", "challenges.example.net")
        .addTxt("challenges.example.net", node.token("CNAME"));

    node.runOnce();

    assertValidated("CNAME", "cname.example.com");
  }

  @RepeatedTest(4)
  void ofTwoEntriesProvingOneDomainExactlyOneKeepsIt(RepetitionInfo repetition) throws Exception {
    String domain = "race" + repetition.getCurrentRepetition() + ".example.com";
    node.desire(entry("RACE-A", domain), entry("RACE-B", domain));
    node.runOnce();
    dns.records()
        .addTxt("_slapos-challenge." + domain, node.token("RACE-A"))
        .addTxt("_slapos-challenge." + domain, node.token("RACE-B"));

    node.runOnce();
    node.runOnce();

    List<String> states = List.of(node.state("RACE-A"), node.state("RACE-B"));
    assertEquals(1, states.stream().filter("valid"::equals).count(), states.toString());
    String winner = states.get(0).equals("valid") ? "RACE-A" : "RACE-B";
    String loser = winner.equals("RACE-A") ? "RACE-B" : "RACE-A";
    assertValidated(winner, domain);
    assertEquals("invalid", node.state(loser));
    JsonNode error = node.jsonError(loser);
    assertEquals(Reason.DOMAIN_CONFLICT, error.path("reason").asText(), error.toString());
    assertEquals(domain, error.path("domain").asText());
    assertFalse(node.domainRow(loser).orElseThrow().validated());
  }

  @ParameterizedTest
  @CsvSource({
    "other.co.uk, alias-foreign-domain",
    "co.uk, alias-invalid",
    "shop.example.co.uk, ''",
  })
  void aliasesMustShareTheRegistrableDomainOfThePublicSuffixList(String alias, String reason)
      throws Exception {
    String reference = "SUFFIX-" + alias.replace('.', '-');
    node.desire(withAlias(entry(reference, "example.co.uk"), alias));
    node.runOnce();
    dns.records().addTxt("_slapos-challenge.example.co.uk", node.token(reference));

    node.runOnce();

    if (reason.isEmpty()) {
      assertValidated(reference, "example.co.uk");
      assertEquals(Set.of("example.co.uk", "shop.example.co.uk"), hosts(reference));
    } else {
      assertEquals("invalid", node.state(reference));
      JsonNode error = node.jsonError(reference);
      assertEquals(reason, error.path("reason").asText(), error.toString());
      assertTrue(error.path("message").asText().contains(alias), error.toString());
      assertEquals(Set.of(), hosts(reference), "an invalid entry holds no host");
    }
    dns.records().removeTxt("_slapos-challenge.example.co.uk");
  }

  private Set<String> hosts(String reference) {
    try (RecordedEntries recorded = RecordedEntries.open(node.files())) {
      return recorded.hosts(reference);
    }
  }

  private void assertPending(String reference, String domain) throws Exception {
    assertEquals("invalid", node.state(reference));
    JsonNode error = node.jsonError(reference);
    assertEquals(Reason.DNS_CHALLENGE_PENDING, error.path("reason").asText(), error.toString());
    assertEquals("_slapos-challenge." + domain, error.path("txt_record").asText());
    assertEquals(node.token(reference), error.path("txt_value").asText());
    DomainValidation row = node.domainRow(reference).orElseThrow();
    assertEquals(domain, row.domain());
    assertFalse(row.validated());
  }

  private void assertValidated(String reference, String domain) throws Exception {
    assertEquals("valid", node.state(reference), () -> node.row(reference).toString());
    assertEquals("{}", node.row(reference).orElseThrow().jsonError());
    DomainValidation row = node.domainRow(reference).orElseThrow();
    assertEquals(domain, row.domain());
    assertTrue(row.validated());
  }

  private static ObjectNode withAlias(ObjectNode entry, String alias) {
    ((ObjectNode) entry.get("parameters")).put("server-alias", alias);
    return entry;
  }
}
