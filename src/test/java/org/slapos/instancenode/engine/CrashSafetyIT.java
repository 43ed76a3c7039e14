package org.slapos.instancenode.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slapos.instancenode.bench.InstanceDbWorkload;
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
  // Drop-in entries without custom domains: nothing waits for DNS, so verdicts come fast enough to
  // fill groups, and each run kills the node while a group of them is committed.
  private static final int DROP_IN_ENTRIES = 8_000;
  private static final int KILLS = 4;
  private static final String STATE_CHANGE = "entry state changed";
  private static final Pattern REFERENCE = Pattern.compile("SHARED-\\d{7}");
  // Every run not killed must finish, however loaded the machine (thousands of entries on shared
  // cores may take longer than the default 50 s): the deadline is RunOnceDeadlineIT's subject.
  private static final String LONG_DEADLINE = "run-once-deadline = 30m";

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

    assertIntactAfterTheKill(node, Set.of(0, ENTRIES));
    NodeRun next = NodeRun.of(dir.resolve("next"), runOnce(node));
    assertEquals(0, next.exitCode(), next.err());
    assertFalse(next.err().contains("removal is held"), next.err());
    assertEquals(List.of(), NodeState.read(node).differencesFrom(uninterrupted));
  }

  /**
   * {@code kill -9} again and again while the request DB's log is written (a group of verdicts
   * being committed), then a run to the end. After each kill the files are intact, every verdict
   * committed before is still there, each recorded entry has exactly one verdict and one event, and
   * every entry the killed run logged as changed has its verdict committed (the log, like the
   * queue's done, never runs ahead of the commit). The last run reconciles exactly the entries
   * whose verdict was not committed, once each, and records what an uninterrupted run records.
   */
  @Test
  void killedAgainAndAgainWhileGroupsOfVerdictsAreCommittedNothingIsLostOrDuplicated()
      throws Exception {
    Path entries = dir.resolve("instance.sqlite");
    InstanceDbWorkload.main(new String[] {Integer.toString(DROP_IN_ENTRIES), entries.toString()});
    NodeDir reference = dropIn(dir.resolve("reference"), entries);
    NodeRun whole = NodeRun.of(reference.dir().resolve("run"), runOnce(reference));
    assertEquals(0, whole.exitCode(), whole.err());
    NodeState expected = NodeState.read(reference);
    assertEquals(DROP_IN_ENTRIES, expected.table("request DB instance").size());

    NodeDir node = dropIn(dir.resolve("node"), entries);
    Set<String> committed = Set.of();
    List<Integer> recorded = new ArrayList<>();
    for (int kill = 1; kill <= KILLS; kill++) {
      Path output = Files.createDirectories(dir.resolve("killed-" + kill));
      Path stderr = output.resolve("stderr.txt");
      killed = NodeProcess.start(output, runOnce(node));
      // Past the first commit of a group of verdicts, then at one of the next writes of the log.
      awaitWhileRunning(killed, Duration.ofMillis(5), () -> stateChanges(stderr) > 0);
      awaitLogWrites(killed, node.requestDb(), ThreadLocalRandom.current().nextInt(0, 3));
      killed.destroyForcibly();
      assertTrue(killed.waitFor(30, TimeUnit.SECONDS), "killed");
      killed = null;

      Path copies = assertIntactAfterTheKill(node, Set.of(DROP_IN_ENTRIES), "as-killed-" + kill);
      Path requestDb = copies.resolve(node.requestDb().getFileName());
      Set<String> now = references(requestDb, "SELECT reference FROM instance;");
      assertTrue(now.containsAll(committed), "no committed verdict lost by kill " + kill);
      Set<String> logged = changedIn(stderr);
      assertTrue(now.containsAll(logged), "logged as changed only once committed, kill " + kill);
      assertTrue(
          logged.stream().noneMatch(committed::contains),
          "an entry committed by an earlier run is not reconciled again as new, kill " + kill);
      assertOneVerdictAndOneEventEach(requestDb, "after kill " + kill);
      committed = now;
      recorded.add(now.size());
    }
    assertTrue(committed.size() < DROP_IN_ENTRIES, "every run was killed before the end");

    NodeRun last = NodeRun.of(dir.resolve("last"), runOnce(node));
    assertEquals(0, last.exitCode(), last.err());
    Set<String> redone = changedIn(dir.resolve("last").resolve("stderr.txt"));
    Set<String> all = references(node.requestDb(), "SELECT reference FROM instance;");
    Set<String> notCommitted = new HashSet<>(all);
    notCommitted.removeAll(committed);
    assertEquals(
        new TreeSet<>(notCommitted),
        new TreeSet<>(redone),
        "the last run redid those not committed (verdicts recorded after each kill: "
            + recorded
            + ")");
    assertOneVerdictAndOneEventEach(node.requestDb(), "after the last run");
    for (Path db : node.databases()) {
      assertEquals("ok\n", SqliteCli.run(db, "PRAGMA integrity_check;"), db.toString());
    }
    assertEquals(List.of(), NodeState.read(node).differencesFrom(expected));
  }

  /** A drop-in node in {@code dir} over a copy of the instance DB {@code entries}. */
  private static NodeDir dropIn(Path dir, Path entries) throws IOException {
    NodeDir node = new NodeDir(Files.createDirectories(dir));
    Files.copy(entries, node.instanceDb());
    node.writeConfig("desired-state = instance-db", "metrics-address = 127.0.0.1:0", LONG_DEADLINE);
    return node;
  }

  /**
   * Returns at the {@code more}+1-th write to {@code db}'s write-ahead log seen from now (its size
   * or its modification time changed: after a checkpoint the log is written again from its start),
   * polled as fast as a thread can so that the kill lands while the log is being written.
   */
  private static void awaitLogWrites(Process node, Path db, int more) throws IOException {
    Path wal = db.resolveSibling(db.getFileName() + "-wal");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long size = size(wal);
    FileTime modified = modified(wal);
    for (int seen = 0; seen <= more; ) {
      assertTrue(node.isAlive(), "the run ended before the kill point");
      assertTrue(System.nanoTime() < deadline, "no write to " + wal);
      LockSupport.parkNanos(50_000);
      long nowSize = size(wal);
      FileTime nowModified = modified(wal);
      if (nowSize != size || !nowModified.equals(modified)) {
        seen++;
        size = nowSize;
        modified = nowModified;
      }
    }
  }

  private static FileTime modified(Path file) throws IOException {
    return Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
  }

  /**
   * Each recorded entry has one verdict and one event, committed together (a first pass over new
   * entries records exactly one event each); no event without its entry.
   */
  private static void assertOneVerdictAndOneEventEach(Path requestDb, String when)
      throws Exception {
    assertEquals(
        "0|0|0\n",
        SqliteCli.run(
            requestDb,
            "SELECT (SELECT count(*) - count(DISTINCT reference) FROM instance),"
                + " (SELECT count(*) FROM instance i WHERE"
                + " (SELECT count(*) FROM event e WHERE e.reference = i.reference) != 1),"
                + " (SELECT count(*) FROM event WHERE reference NOT IN"
                + " (SELECT reference FROM instance));"),
        "duplicated verdicts | entries without exactly one event | events without entry, " + when);
  }

  private static Set<String> references(Path db, String sql) throws Exception {
    Set<String> references = new HashSet<>();
    SqliteCli.query(db, sql).forEach(row -> references.add(row.get("reference").asText()));
    return references;
  }

  /** The entries a run logged as changed; each at most once. */
  private static Set<String> changedIn(Path stderr) throws IOException {
    Set<String> changed = new HashSet<>();
    for (String line : Files.readAllLines(stderr)) {
      if (line.contains(STATE_CHANGE)) {
        Matcher reference = REFERENCE.matcher(line);
        assertTrue(reference.find(), line);
        assertTrue(changed.add(reference.group()), "logged twice: " + line);
      }
    }
    return changed;
  }

  /**
   * Checks copies of the files as the kill left them (the database and its write-ahead log; the
   * index of the log is rebuilt), so that the next run still meets the files as they were.
   */
  private Path assertIntactAfterTheKill(NodeDir node, Set<Integer> instanceRows) throws Exception {
    return assertIntactAfterTheKill(node, instanceRows, "as-killed");
  }

  /**
   * {@link #assertIntactAfterTheKill(NodeDir, Set)} with the copies in {@code copiesDir}; returns
   * where they are.
   */
  private Path assertIntactAfterTheKill(NodeDir node, Set<Integer> instanceRows, String copiesDir)
      throws Exception {
    Path copies = Files.createDirectories(dir.resolve(copiesDir));
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
          instanceRows.contains(Integer.parseInt(rows)),
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
    return copies;
  }

  private static boolean hasTable(Path db, String table) throws Exception {
    return !SqliteCli.run(
            db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '" + table + "';")
        .isBlank();
  }

  private static NodeDir node(Path dir) throws IOException {
    NodeDir node = new NodeDir(dir);
    node.writeFileSourceConfig(workload, "metrics-address = 127.0.0.1:0", LONG_DEADLINE);
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
