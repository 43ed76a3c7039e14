package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.store.InstanceStore;

class RunOnceCommandTest {
  @TempDir Path dir;
  private Path config;
  private Path entries;

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
        """
            .formatted(Path.of("../shared/rapid-cdn/software.cfg.json").toAbsolutePath()));
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
    assertEquals("entries: 11 valid, 8 invalid, 1 stopped", lines.get(3));
    assertEquals("invalid by reason: schema=8", lines.get(4));
    assertEquals("invalid entries:", lines.get(5));
    assertEquals("  SHARED-0101", lines.get(6));
    assertTrue(lines.get(7).startsWith("    - $.url: does not match"), lines.get(7));
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
  void secondPassOverUnchangedEntriesWritesNothing() {
    CommandRun.of("run", "--once", "--config", config.toString());
    List<InstanceRow> before = rows();

    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("desired state: file:" + entries + ": unchanged"), run.out());
    assertTrue(run.out().contains(", 0 rows written, 0 rows deleted"), run.out());
    assertTrue(run.out().contains("entries: 11 valid, 8 invalid, 1 stopped"), run.out());
    assertEquals(before, rows());
  }

  @Test
  void unreadableDesiredStateFailsAndChangesNothing() throws IOException {
    CommandRun.of("run", "--once", "--config", config.toString());
    List<InstanceRow> before = rows();
    Files.writeString(entries, "{\"result_list\": [");

    CommandRun run = CommandRun.of("run", "--once", "--config", config.toString());

    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("error: " + entries + ": not valid JSON"), run.err());
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
