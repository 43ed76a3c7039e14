package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.DomainStore;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.testing.SqliteCli;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;

class RunOnceCommandTest {
  private static BindServer dns;

  @TempDir Path dir;
  private Path config;
  private Path entries;

  @BeforeAll
  static void startDns() {
    dns =
        BindServer.start(
            Stream.of(
                    "example.com",
                    "example.org",
                    "example.net",
                    "example.io",
                    "example.fr",
                    "example.de")
                .map(DnsZone::zone)
                .toArray(DnsZone[]::new));
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  @BeforeEach
  void writeConfig() throws IOException {
    entries = dir.resolve("entries.json");
    Files.copy(Path.of("deploy/examples/entries.json"), entries);
    config = dir.resolve("node.ini");
    Files.writeString(
        config,
        """
        [slaposinstancenode]
        desired-state = file:entries.json
        instance-db-path = db/instance.sqlite
        requestinstance-db-path = db/request.sqlite
        domain-validation-db-path = db/domain.sqlite
        software-schema = %s
        software-type = default
        unstringify = true
        dns-nameserver = 127.0.0.1:%d
        dns-timeout = 2s
        """
            .formatted(
                Path.of("../shared/rapid-cdn/software.cfg.json").toAbsolutePath(),
                dns.address().getPort()));
  }

  private List<InstanceRow> rows() {
    try (InstanceStore store = InstanceStore.open(dir.resolve("db/instance.sqlite"))) {
      return store.all();
    }
  }

  @Test
  void onePassRecordsEveryEntryAndSummarisesWhatToFix() throws IOException {
    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());

    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals("desired state: file:" + entries, lines.get(0));
    assertEquals("instance DB: 20 validated, 20 rows written, 0 rows deleted", lines.get(1));
    assertTrue(
        lines.get(2).matches("work: pass [0-9.]+ s, 20 reconciles in [0-9.]+ s"), lines.get(2));
    assertEquals("dns: 8 lookups, 8 challenges waiting for their next check", lines.get(3));
    assertEquals("entries: 1 valid, 18 invalid, 1 stopped", lines.get(4));
    assertEquals(
        "invalid by reason: alias-invalid=2 dns-challenge-pending=8 schema=8", lines.get(5));
    assertEquals("invalid entries:", lines.get(6));
    assertEquals("  SHARED-0001", lines.get(7));
    assertTrue(
        lines.get(8).startsWith("    - to prove that you control shop.example.com, publish"),
        lines.get(8));
    assertEquals(20, rows().size());
    try (InstanceStore requestDb = InstanceStore.openRequestDb(dir.resolve("db/request.sqlite"))) {
      assertEquals(20, requestDb.all().size(), "every present entry has its verdict");
    }
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("db/instance.sqlite"))));
  }

  @Test
  void aDatabaseDirectoryThatCannotBeCreatedIsOneLineNamingThePathAndTheKey() throws IOException {
    // A file where the directory should be: refused even to root, unlike permissions.
    Files.writeString(dir.resolve("blocker"), "");
    Files.writeString(
        config, Files.readString(config).replace("db/request.sqlite", "blocker/db/request.sqlite"));

    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());

    assertEquals(2, run.exitCode(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(
        run.err()
            .startsWith(
                "error: requestinstance-db-path = "
                    + dir.resolve("blocker/db/request.sqlite")
                    + ": cannot create its directory "
                    + dir.resolve("blocker/db")),
        run.err());
  }

  @Test
  void aMissingInstanceDbInInstanceDbModeChangesNothingAndSaysSlapconfigurationHasNotRun()
      throws IOException {
    CommandRun.of("run", "--once", "--config", config.toString());
    List<InstanceRow> before = requestRows();
    // Drop-in mode over a file slapconfiguration has not written yet (a new partition, a restore).
    Files.writeString(
        config,
        Files.readString(config)
            .replace("desired-state = file:entries.json\n", "")
            .replace("db/instance.sqlite", "db/slapconfiguration.sqlite"));

    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());

    assertEquals(1, run.exitCode(), run.err());
    assertEquals(
        "error: instance-db-path = "
            + dir.resolve("db/slapconfiguration.sqlite")
            + ": does not exist yet (has slapconfiguration run?); nothing changed",
        run.err().strip());
    assertTrue(Files.notExists(dir.resolve("db/slapconfiguration.sqlite")), "not created empty");
    assertEquals(before, requestRows(), "not counted as every entry removed");
  }

  @Test
  void anEntryThePythonNodeStoppedKeepsItsRetentionClockFromTheRowsTimestamp() throws Exception {
    Files.writeString(config, Files.readString(config) + "instance-retention-delay = 600\n");
    CommandRun.of("run", "--once", "--config", config.toString());
    long now = System.currentTimeMillis() / 1000;
    // Stopped by the Python node (absent from its instance DB), as it writes them: text seconds.
    SqliteCli.run(
        dir.resolve("db/request.sqlite"),
        "INSERT INTO instance (reference, json_parameters, json_error, hash, timestamp,"
            + " valid_parameter) VALUES"
            + " ('PY-LONG-AGO', '{}', '{}', 'h1', '%d', 'stopped'),".formatted(now - 700)
            + " ('PY-RECENT', '{}', '{}', 'h2', '%d', 'stopped')".formatted(now - 100));

    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());

    assertEquals(0, run.exitCode(), run.err());
    List<InstanceRow> after = requestRows();
    assertTrue(
        after.stream().noneMatch(r -> r.reference().equals("PY-LONG-AGO")),
        "retention ran out 100 s ago: forgotten, not kept 600 s from the switch-over");
    InstanceRow recent =
        after.stream().filter(r -> r.reference().equals("PY-RECENT")).findFirst().orElseThrow();
    assertEquals(Long.toString(now - 100), recent.timestamp(), "the Python node's row untouched");
    assertEquals(InstanceRow.STOPPED, recent.validParameter());
  }

  private List<InstanceRow> requestRows() {
    try (InstanceStore requestDb = InstanceStore.openRequestDb(dir.resolve("db/request.sqlite"))) {
      return requestDb.all();
    }
  }

  @Test
  void secondPassOverUnchangedEntriesWritesNothing() {
    CommandRun.of("run", "--once", "--config", config.toString());
    List<InstanceRow> before = rows();

    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("desired state: file:" + entries + ": unchanged"), run.out());
    assertTrue(run.out().contains(", 0 rows written, 0 rows deleted"), run.out());
    assertTrue(run.out().contains("entries: 1 valid, 18 invalid, 1 stopped"), run.out());
    assertTrue(
        run.out().contains("dns: 0 lookups, 8 challenges waiting for their next check"),
        "no challenge is due a moment later: " + run.out());
    assertEquals(before, rows());
  }

  @Test
  void aPublishedChallengeValidatesTheEntryOnTheRunAfterRecheck() throws Exception {
    CommandRun.of("run", "--once", "--config", config.toString());
    String token;
    try (DomainStore domains = DomainStore.open(dir.resolve("db/domain.sqlite"))) {
      token = domains.find("SHARED-0001").orElseThrow().token();
    }
    dns.records().addTxt("_slapos-challenge.shop.example.com", token);

    CommandRun recheck =
        CommandRun.of("recheck", "--config", config.toString(), "SHARED-0001", "NO-SUCH-ENTRY");
    assertEquals(1, recheck.exitCode(), recheck.err());
    assertEquals("SHARED-0001: due now\nNO-SUCH-ENTRY: no pending DNS challenge\n", recheck.out());
    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("dns: 1 lookups, 7 challenges waiting"), run.out());
    assertTrue(run.out().contains("entries: 2 valid, 17 invalid, 1 stopped"), run.out());
    try (InstanceStore requestDb = InstanceStore.openRequestDb(dir.resolve("db/request.sqlite"))) {
      assertEquals(InstanceRow.VALID, requestDb.find("SHARED-0001").orElseThrow().validParameter());
    }
  }

  @Test
  void referencesDifferingOnlyInALoneSurrogateAreRefusedAloneNeverMerged() throws IOException {
    // Both would become "LS1?" in SQLite's UTF-8: one row for two entries, counted twice.
    String item =
        "{\"instance_guid\": \"%s\", \"title\": \"t\", \"software_type\": \"default\","
            + " \"state\": \"started\", \"parameters\": {\"url\": \"https://b.example.net\"}}";
    Files.writeString(
        entries,
        "{\"result_list\": ["
            + String.join(
                ", ",
                item.formatted("LS1\\udc80"),
                item.formatted("GOOD"),
                item.formatted("LS1\\udc81"))
            + "]}");

    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());

    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals("instance DB: 1 validated, 1 rows written, 0 rows deleted", lines.get(1));
    assertEquals("refused listed items (no row): 2", lines.get(2));
    for (int i = 0; i < 2; i++) {
      assertEquals(
          "  - reference LS1\\udc8"
              + i
              + " holds a lone surrogate (U+DC8"
              + i
              + " at character 3), which UTF-8 cannot encode: the stores could not keep it byte"
              + " for byte, so the entry is refused rather than merged with another",
          lines.get(3 + i));
    }
    assertTrue(run.out().contains("entries: 1 valid, 0 invalid, 0 stopped"), run.out());
    assertEquals(List.of("GOOD"), rows().stream().map(InstanceRow::reference).toList());
    assertEquals(List.of("GOOD"), requestRows().stream().map(InstanceRow::reference).toList());
  }

  @Test
  void unreadableDesiredStateFailsAndChangesNothing() throws IOException {
    CommandRun.of("run", "--once", "--config", config.toString());
    List<InstanceRow> before = rows();
    Files.writeString(entries, "{\"result_list\": [");

    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());

    assertEquals(1, run.exitCode());
    assertTrue(
        run.err().startsWith("error: desired-state = file:" + entries + ": not valid JSON"),
        run.err());
    assertEquals(before, rows());
  }

  @Test
  void configurationErrorsAreUsageErrorsNamingTheKey() throws IOException {
    Files.writeString(config, Files.readString(config) + "worker = 4\n");
    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("worker"), run.err());
    assertTrue(run.err().contains("workers"), "suggests the known key: " + run.err());
  }

  @Test
  void theGenericKindWithoutAMasterIsAUsageError() throws IOException {
    Files.writeString(
        config,
        Files.readString(config)
            + "kind = generic\nsoftware-url = https://example.net/software.cfg\n");
    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("master-api-url"), run.err());
  }

  @Test
  void missingConfigIsAUsageError() {
    assertEquals(2, CommandRun.of("run", "--once").exitCode());
  }

  @Test
  void newerDemoEntriesReplaceTheOlderOnes() throws IOException {
    CommandRun.of("run", "--once", "--config", config.toString());
    Files.copy(
        Path.of("deploy/examples/entries.json"), entries, StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(
        entries,
        Files.readString(entries)
            .replace("\"instance_guid\": \"SHARED-0008\"", "\"instance_guid\": \"SHARED-0999\""));

    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains(", 1 rows written, 1 rows deleted"), run.out());
  }
}
