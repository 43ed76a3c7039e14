package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.testing.DemoConfig;
import org.slapos.instancenode.testing.SqliteCli;

/** {@code check} judges what the real runs recorded in a real request DB. */
class CheckCommandTest {
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void copyDemo() throws IOException {
    config = DemoConfig.copyInto(dir);
  }

  private CommandRun check(String... more) {
    String[] args = new String[3 + more.length];
    args[0] = "check";
    args[1] = "--config";
    args[2] = config.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return CommandRun.of(args);
  }

  @Test
  void aRecentSuccessfulRunIsOk() {
    assertEquals(0, CommandRun.of("run", "--once", "--config", config.toString()).exitCode());

    CommandRun check = check();

    assertEquals(0, check.exitCode(), check.out() + check.err());
    assertTrue(
        check
            .out()
            .matches(
                "OK: the last run \\(once\\) ended at \\S+Z, \\d+s ago, succeeded; invalid 10,"
                    + " stopped 1, valid 9\n"),
        check.out());
  }

  @Test
  void aSuccessOlderThanMaxAgeFails() throws Exception {
    CommandRun.of("run", "--once", "--config", config.toString());
    SqliteCli.run(
        dir.resolve("request.sqlite"),
        "UPDATE node_meta SET value = json_set(value, '$.at', '2020-01-01T00:00:00Z')"
            + " WHERE key = 'last_run'");

    CommandRun check = check("--max-age", "10m");

    assertEquals(1, check.exitCode());
    assertTrue(
        check
            .out()
            .matches(
                "FAILED: the last run \\(once\\) ended at 2020-01-01T00:00:00Z, \\d+s ago,"
                    + " succeeded, longer ago than --max-age 600s\n"),
        check.out());
  }

  @Test
  void aFailedRunFailsAndSaysWhy() throws IOException {
    CommandRun.of("run", "--once", "--config", config.toString());
    Files.writeString(dir.resolve("entries.json"), "{not json");
    assertEquals(1, CommandRun.of("run", "--once", "--config", config.toString()).exitCode());

    CommandRun check = check();

    assertEquals(1, check.exitCode());
    assertTrue(check.out().startsWith("FAILED: the last run (once) ended at "), check.out());
    assertTrue(check.out().contains(" failed: "), check.out());
    assertTrue(check.out().contains("entries.json"), check.out());
    assertEquals(1, check.out().lines().count(), check.out());
  }

  @Test
  void noRecordedRunFails() {
    InstanceStore.openRequestDb(dir.resolve("request.sqlite")).close();

    CommandRun check = check();

    assertEquals(1, check.exitCode());
    assertTrue(check.out().startsWith("FAILED: no run has recorded its outcome in "), check.out());
  }

  @Test
  void aMissingRequestDbFailsAndIsNotCreated() {
    CommandRun check = check();

    assertEquals(1, check.exitCode());
    assertTrue(check.out().startsWith("FAILED: "), check.out());
    assertTrue(check.out().contains("request.sqlite"), check.out());
    assertTrue(Files.notExists(dir.resolve("request.sqlite")), "check opens read-only");
  }

  @Test
  void aBadMaxAgeIsAUsageError() {
    assertEquals(2, check("--max-age", "soon").exitCode());
  }
}
