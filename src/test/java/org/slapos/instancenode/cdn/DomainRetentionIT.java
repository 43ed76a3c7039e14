package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.DesiredEntries.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.DomainValidation;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.testing.ChallengeNode;
import org.slapos.instancenode.testing.RecordedEntries;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;

/**
 * An entry that leaves the desired state keeps its domain's challenge for the retention delay: it
 * is stopped, its hosts released and its domain no longer validated; back before the delay ends it
 * is valid again without DNS, unless another entry validated the domain meanwhile.
 */
class DomainRetentionIT {
  private static BindServer dns;

  @TempDir Path dir;
  private ChallengeNode node;

  @BeforeAll
  static void startDns() {
    dns = BindServer.start(DnsZone.zone("example.com"));
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  @BeforeEach
  void newNode() throws Exception {
    node = new ChallengeNode(dir, dns, "instance-retention-delay = 3600");
  }

  @Test
  void aReturningEntryIsValidAgainWithoutDns() throws Exception {
    String record = "_slapos-challenge.back.example.com";
    validate("BACK", "back.example.com", record);

    desire();
    node.runOnce();

    assertEquals(InstanceRow.STOPPED, node.state("BACK"));
    assertEquals(Set.of(), hosts("BACK"), "hosts released");
    DomainValidation suspended = node.domainRow("BACK").orElseThrow();
    assertFalse(suspended.validated());

    dns.records().removeTxt(record);
    desire(entry("BACK", "back.example.com"));
    node.runOnce();

    assertEquals(InstanceRow.VALID, node.state("BACK"));
    assertEquals("{}", node.row("BACK").orElseThrow().jsonError());
    DomainValidation reclaimed = node.domainRow("BACK").orElseThrow();
    assertTrue(reclaimed.validated());
    assertEquals(suspended.token(), reclaimed.token(), "no new challenge");
    assertEquals(Set.of("back.example.com"), hosts("BACK"));
  }

  @Test
  void anotherEntryValidatingTheDomainMeanwhileBlocksTheReclaim() throws Exception {
    String record = "_slapos-challenge.taken.example.com";
    validate("GONE", "taken.example.com", record);
    dns.records().removeTxt(record);

    desire(entry("TAKER", "taken.example.com"));
    node.runOnce();
    assertEquals(InstanceRow.STOPPED, node.state("GONE"));
    dns.records().addTxt(record, node.token("TAKER"));
    node.runOnce();
    assertEquals(InstanceRow.VALID, node.state("TAKER"));

    desire(entry("TAKER", "taken.example.com"), entry("GONE", "taken.example.com"));
    node.runOnce();

    assertEquals(InstanceRow.VALID, node.state("TAKER"));
    assertEquals(InstanceRow.INVALID, node.state("GONE"));
    JsonNode error = node.jsonError("GONE");
    assertEquals(Reason.DOMAIN_CONFLICT, error.path("reason").asText(), error.toString());
    assertFalse(node.domainRow("GONE").orElseThrow().validated());
    assertEquals(Set.of(), hosts("GONE"));
    assertEquals(Set.of("taken.example.com"), hosts("TAKER"));
  }

  /**
   * Makes {@code entries} and two bystanders the desired state: the node holds back a removal of
   * more than half of its entries as a likely broken source.
   */
  private void desire(ObjectNode... entries) throws Exception {
    List<ObjectNode> all = new ArrayList<>(List.of(entries));
    all.add(entry("STAY-1", "stay1.example.com"));
    all.add(entry("STAY-2", "stay2.example.com"));
    node.desire(all.toArray(ObjectNode[]::new));
  }

  /** Runs until {@code reference} validated {@code domain} with its token at {@code record}. */
  private void validate(String reference, String domain, String record) throws Exception {
    desire(entry(reference, domain));
    node.runOnce();
    dns.records().addTxt(record, node.token(reference));
    node.runOnce();
    assertEquals(InstanceRow.VALID, node.state(reference));
    assertTrue(node.domainRow(reference).orElseThrow().validated());
  }

  private Set<String> hosts(String reference) {
    try (RecordedEntries recorded = RecordedEntries.open(node.files())) {
      return recorded.hosts(reference);
    }
  }
}
