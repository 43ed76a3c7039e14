package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.DesiredEntries.entry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.engine.Incomplete;
import org.slapos.instancenode.engine.RunOnce;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.testing.ChallengeNode;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;

/**
 * The DNS server goes away between runs: no entry changes state on a missing answer (a validated
 * one stays valid, a pending one stays pending with the same row, a new one is not recorded), the
 * run says it is incomplete once its deadline comes, and everything converges once the server is
 * back.
 */
class DnsOutageIT {
  private static final Duration DEADLINE = Duration.ofSeconds(3);

  @TempDir Path dir;
  private BindServer dns;
  private ChallengeNode node;

  @BeforeEach
  void start() throws Exception {
    dns = BindServer.start(DnsZone.zone("example.com"));
    // The run whose DNS is down retries until its deadline: a short one keeps the test short.
    node = new ChallengeNode(dir, dns, "run-once-deadline = " + DEADLINE.toSeconds() + "s");
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void noEntryChangesStateWhileDnsIsDownAndAllConvergeOnceItIsBack() throws Exception {
    node.desire(entry("VALID", "valid.example.com"), entry("PENDING", "pending.example.com"));
    node.runOnce();
    dns.records().addTxt("_slapos-challenge.valid.example.com", node.token("VALID"));
    node.runOnce();
    InstanceRow valid = node.row("VALID").orElseThrow();
    InstanceRow pending = node.row("PENDING").orElseThrow();
    assertEquals(InstanceRow.VALID, valid.validParameter());
    assertEquals(Reason.DNS_CHALLENGE_PENDING, node.reason("PENDING"));

    dns.stop();
    node.desire(
        entry("VALID", "valid.example.com"),
        entry("PENDING", "pending.example.com"),
        entry("NEW", "new.example.com"));
    RunOnce.Summary outage = node.runOnce();

    Incomplete left = outage.incomplete().orElseThrow(() -> new AssertionError("complete"));
    assertEquals(DEADLINE, left.deadline());
    assertEquals(
        List.of("NEW", "PENDING"),
        left.byWhy().values().stream().flatMap(List::stream).sorted().toList(),
        "the entries whose challenge needs DNS, not the validated one: " + left.describe());
    left.byWhy()
        .keySet()
        .forEach(why -> assertTrue(why.startsWith("DNS did not answer ("), left.describe()));
    assertEquals(valid, node.row("VALID").orElseThrow(), "a validated domain needs no DNS");
    assertTrue(node.domainRow("VALID").orElseThrow().validated());
    assertEquals(pending, node.row("PENDING").orElseThrow(), "unchanged, timestamp included");
    assertFalse(node.domainRow("PENDING").orElseThrow().validated());
    assertTrue(node.row("NEW").isEmpty(), "no verdict without an answer");

    dns.start();
    dns.records().addTxt("_slapos-challenge.pending.example.com", node.token("PENDING"));
    assertTrue(node.runOnce().incomplete().isEmpty(), "complete once DNS is back");

    assertEquals(InstanceRow.VALID, node.state("VALID"));
    assertEquals(InstanceRow.VALID, node.state("PENDING"));
    assertTrue(node.domainRow("PENDING").orElseThrow().validated());
    assertEquals(Reason.DNS_CHALLENGE_PENDING, node.reason("NEW"));
    assertEquals(node.token("NEW"), node.jsonError("NEW").path("txt_value").asText());
    assertEquals(
        "_slapos-challenge.new.example.com", node.jsonError("NEW").path("txt_record").asText());
  }
}
