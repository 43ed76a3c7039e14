package org.slapos.instancenode.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slapos.instancenode.bench.Workload;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.NodeProcess;
import org.slapos.instancenode.testing.NodeRun;
import org.slapos.instancenode.testing.NodeState;
import org.slapos.instancenode.testing.SqliteCli;

/**
 * {@code kill -9} at any point of a run leaves every file intact, and the next run converges to
 * exactly what an uninterrupted run records: no lost and no duplicated state, no bang left owed.
 */
class CrashSafetyIT {
  private static final int ENTRIES = 5_000;
  private static final String STATE_CHANGE = "entry state changed";

  @TempDir static Path shared;
  private static Path workload;
  private static NodeState uninterrupted;

  @TempDir Path dir;
  private Process killed;

  /** Where a run is killed: moments of its life, found by what it shows from outside. */
  enum KillPoint {
    /** Starting up: the JVM and the configuration. */
    AFTER_300_MS {
      @Override
      void await(Process node, NodeDir files, Path stderr) throws InterruptedException {
        assertFalse(node.waitFor(300, TimeUnit.MILLISECONDS), "still running");
      }
    },
    /** Creating the files and migrating their schemas (the domain DB is the last one). */
    WHILE_THE_FILES_ARE_CREATED {
      @Override
      void await(Process node, NodeDir files, Path stderr) {
        awaitWhileRunning(node, Duration.ofMillis(2), () -> Files.exists(files.domainDb()));
      }
    },
    /** Opening the files or validating the entries, depending on the machine's load. */
    AFTER_1500_MS {
      @Override
      void await(Process node, NodeDir files, Path stderr) throws InterruptedException {
        assertFalse(node.waitFor(1500, TimeUnit.MILLISECONDS), "still running");
      }
    },
    /** In the middle of the schema pass's single transaction on the instance DB. */
    WHILE_THE_INSTANCE_DB_IS_WRITTEN {
      @Override
      void await(Process node, NodeDir files, Path stderr) {
        Path wal = files.dir().resolve(files.instanceDb().getFileName() + "-wal");
        awaitWhileRunning(node, Duration.ofMillis(5), () -> size(wal) > 256 * 1024);
      }
    },
    /** Just after the first entry was recorded in the request DB. */
    AT_THE_FIRST_STATE_CHANGE {
      @Override
      void await(Process node, NodeDir files, Path stderr) {
        awaitWhileRunning(node, Duration.ofMillis(10), () -> stateChanges(stderr) > 0);
      }
    },
    /** With half of the entries recorded, and workers writing. */
    HALFWAY_THROUGH_THE_RECONCILES {
      @Override
      void await(Process node, NodeDir files, Path stderr) {
        awaitWhileRunning(node, Duration.ofMillis(50), () -> stateChanges(stderr) >= ENTRIES / 2);
      }
    },
    /**
     * At a random moment after the first group of verdicts was committed: the workers' writes wait
     * in an open group transaction, or a group is being committed.
     */
    WHILE_GROUPS_OF_VERDICTS_ARE_COMMITTED {
      @Override
      void await(Process node, NodeDir files, Path stderr) throws InterruptedException {
        awaitWhileRunning(node, Duration.ofMillis(5), () -> stateChanges(stderr) > 0);
        Thread.sleep(ThreadLocalRandom.current().nextInt(1, 400));
        assertTrue(node.isAlive(), "the run ended before the kill point");
      }
    };

    abstract void await(Process node, NodeDir files, Path stderr) throws Exception;
  }

  @BeforeAll
  static void runUninterrupted() throws Exception {
    workload = shared.resolve("entries.json");
    Workload.main(new String[] {Integer.toString(ENTRIES), workload.toString()});
    NodeDir reference = node(Files.createDirectories(shared.resolve("reference")));

    NodeRun run = NodeRun.of(reference.dir().resolve("run"), runOnce(reference));

    assertEquals(0, run.exitCode(), run.err());
    uninterrupted = NodeState.read(reference);
    assertEquals(ENTRIES, uninterrupted.table("request DB instance").size());
    assertEquals(
        ENTRIES,
        uninterrupted.table("request DB event").stream()
            .map(line -> line.substring(0, line.indexOf(',')))
            .collect(Collectors.toSet())
            .size(),
        "one event per entry");
    assertEquals(ENTRIES, uninterrupted.table("request DB event").size());
    assertEquals(List.of(), uninterrupted.table("request DB node_meta bang-owed"));
    assertFalse(uninterrupted.table("domain DB used_hosts").isEmpty());
  }

  @AfterEach
  void killNode() throws InterruptedException {
    if (killed != null) {
      killed.destroyForcibly();
      killed.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(KillPoint.class)
  void killedRunLeavesIntactFilesAndTheNextRunConverges(KillPoint point) throws Exception {
    NodeDir node = node(dir);
    Path output = Files.createDirectories(dir.resolve("killed"));
    killed = NodeProcess.start(output, runOnce(node));

    point.await(killed, node, output.resolve("stderr.txt"));
    killed.destroyForcibly();
    assertTrue(killed.waitFor(30, TimeUnit.SECONDS), "killed");

    assertIntactAfterTheKill(node);
    NodeRun next = NodeRun.of(dir.resolve("next"), runOnce(node));
    assertEquals(0, next.exitCode(), next.err());
    assertFalse(next.err().contains("removal is held"), next.err());
    assertEquals(List.of(), NodeState.read(node).differencesFrom(uninterrupted));
  }

  /**
   * Checks copies of the files as the kill left them (the database and its write-ahead log; the
   * index of the log is rebuilt), so that the next run still meets the files as they were.
   */
  private void assertIntactAfterTheKill(NodeDir node) throws Exception {
    Path copies = Files.createDirectories(dir.resolve("as-killed"));
    for (Path db : node.databases()) {
      if (Files.notExists(db)) {
        continue; // not created yet: nothing to damage
      }
      Path copy = copies.resolve(db.getFileName());
      Files.copy(db, copy);
      Path wal = db.resolveSibling(db.getFileName() + "-wal");
      if (Files.exists(wal)) {
        Files.copy(wal, copies.resolve(wal.getFileName()));
      }
      assertEquals("ok\n", SqliteCli.run(copy, "PRAGMA integrity_check;"), db.toString());
    }
    Path instanceDb = copies.resolve(node.instanceDb().getFileName());
    if (Files.exists(instanceDb) && hasTable(instanceDb, "instance")) {
      String rows = SqliteCli.run(instanceDb, "SELECT count(*) FROM instance;").strip();
      assertTrue(
          Set.of("0", Integer.toString(ENTRIES)).contains(rows),
          "the schema pass commits all its rows or none: " + rows);
    }
    Path requestDb = copies.resolve(node.requestDb().getFileName());
    if (Files.exists(requestDb) && hasTable(requestDb, "event")) {
      assertEquals(
          "1\n",
          SqliteCli.run(
              requestDb, "SELECT (SELECT count(*) FROM instance) = (SELECT count(*) FROM event);"),
          "each recorded entry has its event, committed together");
    }
  }

  private static boolean hasTable(Path db, String table) throws Exception {
    return !SqliteCli.run(
            db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '" + table + "';")
        .isBlank();
  }

  private static NodeDir node(Path dir) throws IOException {
    NodeDir node = new NodeDir(dir);
    node.writeFileSourceConfig(workload, "metrics-address = 127.0.0.1:0");
    return node;
  }

  private static String[] runOnce(NodeDir node) {
    return new String[] {"run", "--once", "--config", node.config().toString()};
  }

  private static void awaitWhileRunning(Process node, Duration poll, Callable<Boolean> condition) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollDelay(Duration.ZERO)
        .pollInterval(poll)
        .until(
            () -> {
              assertTrue(node.isAlive(), "the run ended before the kill point");
              return condition.call();
            });
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException absent) {
      return 0;
    }
  }

  private static long stateChanges(Path stderr) throws IOException {
    if (Files.notExists(stderr)) {
      return 0;
    }
    return Files.readString(stderr).lines().filter(line -> line.contains(STATE_CHANGE)).count();
  }
}
