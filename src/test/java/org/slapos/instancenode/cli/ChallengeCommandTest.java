package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.DesiredEntries.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.testing.DesiredEntries;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;

class ChallengeCommandTest {
  private static BindServer first;
  private static BindServer second;

  @TempDir Path dir;
  private NodeDir node;
  private Path entries;

  @BeforeAll
  static void startDns() {
    first = BindServer.start(DnsZone.zone("example.com"));
    second = BindServer.start(DnsZone.zone("example.com"));
  }

  @AfterAll
  static void stopDns() {
    first.close();
    second.close();
  }

  @BeforeEach
  void writeConfig() throws Exception {
    node = new NodeDir(dir);
    entries = dir.resolve("entries.json");
    node.writeFileSourceConfig(
        entries,
        "dns-nameserver = " + nameServer(first) + "," + nameServer(second),
        "dns-timeout = 1s");
  }

  private static String nameServer(BindServer server) {
    return "127.0.0.1:" + server.address().getPort();
  }

  private void runNode(ObjectNode... desired) throws Exception {
    DesiredEntries.write(entries, desired);
    CommandRun run = CommandRun.of("run", "--once", "--config", node.config().toString());
    assertEquals(0, run.exitCode(), run.err());
  }

  private String token(String reference) {
    try (DomainStore domains = DomainStore.open(node.domainDb())) {
      return domains.find(reference).orElseThrow().token();
    }
  }

  private CommandRun challenge(String reference) {
    return CommandRun.of("challenge", "--config", node.config().toString(), reference);
  }

  @Test
  void showsTheExpectedRecordAndWhatEachNameServerAnswers() throws Exception {
    runNode(entry("SHOP", "Shop.Example.com"));
    String token = token("SHOP");
    first.records().addTxt("_slapos-challenge.shop.example.com", token);
    second.records().addTxt("_slapos-challenge.shop.example.com", "stale-value");

    CommandRun run = challenge("SHOP");

    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(
        List.of(
            "entry: SHOP",
            "state: invalid (dns-challenge-pending)",
            "custom domain: shop.example.com",
            "TXT record: _slapos-challenge.shop.example.com",
            "TXT value: " + token,
            "validated: no",
            "DNS now:",
            "  " + nameServer(first) + ": TXT '" + token + "' (matches)",
            "  " + nameServer(second) + ": TXT 'stale-value' (does not match)"),
        lines.stream().filter(line -> !line.startsWith("next check: ")).toList());
    assertTrue(
        lines
            .get(6)
            .matches("next check: \\S+Z \\(1 lookups so far; `recheck` makes it due now\\)"),
        lines.get(6));
    first.records().removeTxt("_slapos-challenge.shop.example.com");
    second.records().removeTxt("_slapos-challenge.shop.example.com");
  }

  @Test
  void aMissingRecordIsShownWithTheServersResponse() throws Exception {
    runNode(entry("NONE", "none.example.com"));

    CommandRun run = challenge("NONE");

    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    String answer = lines.get(lines.size() - 1);
    assertTrue(
        answer.startsWith(
            "  " + nameServer(second) + ": no TXT record at _slapos-challenge.none.example.com ("),
        answer);
    assertTrue(answer.contains("NXDOMAIN"), answer);
  }

  @Test
  void aValidatedEntrySaysSo() throws Exception {
    runNode(entry("DONE", "done.example.com"));
    first.records().addTxt("_slapos-challenge.done.example.com", token("DONE"));
    second.records().addTxt("_slapos-challenge.done.example.com", token("DONE"));
    CommandRun pending = challenge("DONE");
    assertTrue(pending.out().contains("next check: 20"), pending.out());
    assertTrue(pending.out().contains("(1 lookups so far; `recheck` makes it due now)"));
    assertEquals(
        0, CommandRun.of("recheck", "--config", node.config().toString(), "--all").exitCode());
    runNode(entry("DONE", "done.example.com"));

    CommandRun run = challenge("DONE");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("state: valid\n"), run.out());
    assertTrue(run.out().contains("validated: yes\n"), run.out());
  }

  @Test
  void anEntryWithoutCustomDomainHasNothingToProve() throws Exception {
    ObjectNode plain = entry("PLAIN", "unused.example.com");
    ((ObjectNode) plain.get("parameters")).remove("custom_domain");
    runNode(plain);

    CommandRun run = challenge("PLAIN");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("custom domain: none\n"), run.out());
    assertTrue(run.out().contains("no custom_domain: there is nothing to prove"), run.out());
  }

  @Test
  void anEntryWithoutTokenAsksToRunTheNodeAndGetsNoneFromThisCommand() throws Exception {
    runNode(entry("EARLY", "early.example.com"));
    try (DomainStore domains = DomainStore.open(node.domainDb())) {
      domains.forget("EARLY");
    }

    CommandRun run = challenge("EARLY");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("custom domain: early.example.com\n"), run.out());
    assertTrue(run.out().contains("no token issued yet: run the node first"), run.out());
    try (DomainStore domains = DomainStore.open(node.domainDb())) {
      assertTrue(domains.find("EARLY").isEmpty());
    }
  }

  @Test
  void aSchemaInvalidEntryIsToldToFixItsSchemaErrorsFirst() throws Exception {
    ObjectNode broken = entry("BROKEN", "broken.example.com");
    ((ObjectNode) broken.get("parameters")).put("https-only", "not-a-boolean");
    runNode(broken);

    CommandRun run = challenge("BROKEN");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("state: invalid (schema)\n"), run.out());
    assertTrue(
        run.out().contains("no token issued: the entry has schema errors; fix them first"),
        run.out());
    assertFalse(run.out().contains("run the node first"), run.out());
  }

  @Test
  void anUnknownEntryExitsWithOneAndIssuesNoToken() throws Exception {
    runNode(entry("KNOWN", "known.example.com"));

    CommandRun run = challenge("UNKNOWN");

    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("error: no entry UNKNOWN in "), run.err());
    try (DomainStore domains = DomainStore.open(node.domainDb())) {
      assertTrue(domains.find("UNKNOWN").isEmpty());
    }
  }

  @Test
  void beforeTheFirstRunNoEntryIsKnownAndNoFileIsCreated() {
    CommandRun run = challenge("SHOP");

    assertEquals(1, run.exitCode());
    assertTrue(Files.notExists(node.domainDb()));
    assertTrue(Files.notExists(node.requestDb()));
  }

  @Test
  void aConfigurationErrorIsAUsageError() throws Exception {
    Files.writeString(node.config(), Files.readString(node.config()) + "dns-timeout2 = 1s\n");

    CommandRun run = challenge("SHOP");

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("dns-timeout2"), run.err());
  }
}
