package org.slapos.instancenode.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.SqliteCli;

@Timeout(30)
class GroupCommitTest {
  private static final Migration SCHEMA =
      new Migration(
          1,
          "parent and child",
          "CREATE TABLE parent (id TEXT PRIMARY KEY)",
          // Checked at COMMIT only: how a test makes a group's commit fail.
          "CREATE TABLE child (id TEXT, parent TEXT REFERENCES parent (id)"
              + " DEFERRABLE INITIALLY DEFERRED)",
          // A write that makes SQLite end the whole transaction, as SQLITE_FULL may.
          "CREATE TABLE doomed (id TEXT)",
          "CREATE TRIGGER doom BEFORE INSERT ON doomed BEGIN"
              + " SELECT RAISE(ROLLBACK, 'doomed'); END");
  private static final Duration NEVER = Duration.ofHours(1);

  @TempDir Path dir;
  private SqliteDatabase first;
  private SqliteDatabase second;
  private GroupCommit group;
  private final List<String> told = new CopyOnWriteArrayList<>();

  private void open(int maxWrites, Duration maxDelay) {
    open(maxWrites, maxDelay, null);
  }

  /** Opens both databases; {@code ticker} null for the real timer. */
  private void open(int maxWrites, Duration maxDelay, GroupCommit.Ticker ticker) {
    first = SqliteDatabase.open(dir.resolve("first.db"), List.of(SCHEMA), IntegrityCheck.FULL);
    second = SqliteDatabase.open(dir.resolve("second.db"), List.of(SCHEMA), IntegrityCheck.FULL);
    for (SqliteDatabase db : List.of(first, second)) {
      db.read(
          "enforcing foreign keys", c -> execute(c.createStatement(), "PRAGMA foreign_keys = ON"));
    }
    group =
        ticker == null
            ? new GroupCommit(maxWrites, maxDelay, List.of(first, second))
            : new GroupCommit(maxWrites, maxDelay, List.of(first, second), ticker);
  }

  @AfterEach
  void close() {
    group.close();
    first.close();
    second.close();
  }

  @Test
  void groupedWritesAreCommittedTogetherAndOnlyThenTold() throws Exception {
    open(100, NEVER);
    long before = first.commits();

    reconcile("a", first, "INSERT INTO parent VALUES ('a')");
    reconcile("b", first, "INSERT INTO parent VALUES ('b')");

    assertEquals(List.of(), told, "nothing committed yet");
    assertEquals("0\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));
    assertEquals(2, count(first, "parent"), "this process reads its open group");
    group.flush();
    assertEquals(List.of("a committed", "b committed"), told);
    assertEquals("2\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));
    assertEquals(before + 1, first.commits(), "one commit for the group");
  }

  @Test
  void aFailedCommitFailsEveryoneWaitingOnItAndKeepsNoneOfItsWrites() throws Exception {
    open(100, NEVER);
    reconcile("good", first, "INSERT INTO parent VALUES ('p')");
    reconcile("orphan", first, "INSERT INTO child VALUES ('c', 'missing')");

    group.flush();

    assertEquals(List.of("good lost", "orphan lost"), told);
    assertEquals("0\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));
    reconcile("again", first, "INSERT INTO parent VALUES ('p')");
    group.flush();
    assertEquals("again committed", told.get(2), "the next group starts afresh");
  }

  @Test
  void aWriteThatFailsIsUndoneAloneAndItsGroupCommitsTheRest() throws Exception {
    open(100, NEVER);
    reconcile("kept", first, "INSERT INTO parent VALUES ('p')");
    GroupCommit.Scope scope = group.begin();
    try {
      write(first, "INSERT INTO parent VALUES ('p')"); // primary key taken
    } catch (StoreException expected) {
      // The reconcile fails; its own write is undone, the group is not.
    }
    scope.end(outcome -> told.add("failed " + (outcome.isEmpty() ? "committed" : "lost")));

    group.flush();

    assertEquals(List.of("kept committed", "failed committed"), told);
    assertEquals("1\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));
  }

  @Test
  void whoWaitsWaitsForEveryOpenGroupNotOnlyItsOwnWrites() throws Exception {
    open(100, NEVER);
    reconcile("writer", second, "INSERT INTO parent VALUES ('p')");
    // A reconcile that wrote nothing may have decided from what the open group holds.
    reconcile("reader", first, null);

    assertEquals(List.of(), told);
    group.flush();
    assertEquals(List.of("writer committed", "reader committed"), told);
  }

  @Test
  void nothingOpenMeansToldAtOnce() {
    open(100, NEVER);
    reconcile("idle", first, null);
    assertEquals(List.of("idle committed"), told);
  }

  @Test
  void aFullGroupCommitsAtOnce() throws Exception {
    open(2, NEVER);
    reconcile("a", first, "INSERT INTO parent VALUES ('a')");
    assertEquals(List.of(), told);

    reconcile("b", first, "INSERT INTO parent VALUES ('b')");
    GroupCommit.Scope scope = group.begin();
    write(first, "INSERT INTO parent VALUES ('c')");
    scope.end(outcome -> told.add("c"));

    assertEquals(List.of("a committed", "b committed"), told, "b's write filled the group");
    assertEquals("2\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));
  }

  @Test
  void theNodesGroupCommitsAtItsThousandthWriteNotBefore() throws Exception {
    open(GroupCommit.MAX_WRITES, NEVER);
    for (int i = 1; i < GroupCommit.MAX_WRITES; i++) {
      reconcile("r" + i, first, "INSERT INTO parent VALUES ('" + i + "')");
    }
    reconcile("elsewhere", second, "INSERT INTO parent VALUES ('other')");

    assertEquals(List.of(), told, "999 writes to the first, 1 to the second: no group is full");
    assertEquals("0\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));

    reconcile("last", first, "INSERT INTO parent VALUES ('last')");

    assertEquals(GroupCommit.MAX_WRITES + 1, told.size(), told.toString());
    assertTrue(told.stream().allMatch(line -> line.endsWith(" committed")), told.toString());
    assertEquals(
        GroupCommit.MAX_WRITES + "\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));
    assertEquals("1\n", SqliteCli.run(second.file(), "SELECT count(*) FROM parent;"));
  }

  @Test
  void eachTickOfTheTimerCommitsWhatWaitsAndOnlyThen() throws Exception {
    Duration[] asked = new Duration[1];
    Runnable[] tick = new Runnable[1];
    AtomicBoolean stopped = new AtomicBoolean();
    open(
        100,
        GroupCommit.MAX_DELAY,
        (period, task) -> {
          asked[0] = period;
          tick[0] = task;
          return () -> stopped.set(true);
        });
    assertEquals(GroupCommit.MAX_DELAY, asked[0], "ticks every maxDelay");

    reconcile("a", first, "INSERT INTO parent VALUES ('a')");
    assertEquals(List.of(), told, "no tick yet");
    tick[0].run();
    assertEquals(List.of("a committed"), told);
    assertEquals("1\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));

    reconcile("b", second, "INSERT INTO parent VALUES ('b')");
    tick[0].run();
    assertEquals(List.of("a committed", "b committed"), told);
    group.close();
    assertTrue(stopped.get(), "closing stops the timer");
  }

  @Test
  void aFailedCommitRollsBackTheLaterDatabasesGroupsOfItsRound() throws Exception {
    open(100, NEVER);
    reconcile("orphan", first, "INSERT INTO child VALUES ('c', 'missing')");
    reconcile("verdict", second, "INSERT INTO parent VALUES ('v')");

    group.flush();

    assertEquals(List.of("orphan lost", "verdict lost"), told);
    assertEquals("0\n", SqliteCli.run(second.file(), "SELECT count(*) FROM parent;"));
    assertEquals(0, count(second, "parent"), "rolled back, not only uncommitted");
    reconcile("again", second, "INSERT INTO parent VALUES ('v')");
    group.flush();
    assertEquals("again committed", told.get(2));
    assertEquals("1\n", SqliteCli.run(second.file(), "SELECT count(*) FROM parent;"));
  }

  @Test
  void aLaterDatabasesFailedCommitKeepsTheEarlierOnesWritesAndTellsTheReconcileLost()
      throws Exception {
    open(100, NEVER);
    GroupCommit.Scope scope = group.begin();
    write(first, "INSERT INTO parent VALUES ('fact')");
    write(second, "INSERT INTO child VALUES ('verdict', 'missing')");
    scope.end(outcome -> told.add(outcome.isEmpty() ? "committed" : "lost"));

    group.flush();

    // Facts before the verdicts that show them: the reconcile is retried, its fact stays.
    assertEquals(List.of("lost"), told);
    assertEquals("1\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));
    assertEquals("0\n", SqliteCli.run(second.file(), "SELECT count(*) FROM child;"));
  }

  @Test
  void aWriteAfterWhichSqliteEndedTheTransactionLosesEveryOpenGroupOfItsRound() throws Exception {
    open(100, NEVER);
    reconcile("verdict", second, "INSERT INTO parent VALUES ('v')");
    reconcile("before", first, "INSERT INTO parent VALUES ('b')");
    GroupCommit.Scope scope = group.begin();
    assertThrows(StoreException.class, () -> write(first, "INSERT INTO doomed VALUES ('d')"));
    scope.end(outcome -> told.add("doomed " + (outcome.isEmpty() ? "committed" : "lost")));
    reconcile("after", first, "INSERT INTO parent VALUES ('a')");

    assertEquals(List.of("before lost", "doomed lost"), told, "the first's group ended at once");
    group.flush();

    assertEquals(List.of("before lost", "doomed lost", "after lost", "verdict lost"), told);
    assertEquals("0\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));
    assertEquals("0\n", SqliteCli.run(second.file(), "SELECT count(*) FROM parent;"));
    reconcile("next", second, "INSERT INTO parent VALUES ('v')");
    group.flush();
    assertEquals("next committed", told.get(4), "the next round commits");
    assertEquals("1\n", SqliteCli.run(second.file(), "SELECT count(*) FROM parent;"));
  }

  @Test
  void aReconcileOpenWhileAGroupWasLostIsToldLostEvenIfItWroteNothing() throws Exception {
    open(100, NEVER);
    GroupCommit.Scope reader = group.begin();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      other.submit(() -> reconcile("orphan", first, "INSERT INTO child VALUES ('c', 'x')")).get();
      // It decides from what the open group holds: a row about to be lost.
      assertEquals(1, count(first, "child"));
      group.flush();
      other.submit(() -> reconcile("later", first, "INSERT INTO parent VALUES ('p')")).get();
    } finally {
      other.shutdown();
    }

    reader.end(outcome -> told.add("reader " + (outcome.isEmpty() ? "committed" : "lost")));

    assertEquals(List.of("orphan lost", "reader lost"), told, "not waiting for the later group");
    group.flush();
    assertEquals(List.of("orphan lost", "reader lost", "later committed"), told);
  }

  @Test
  void theTimerCommitsWhatWaits() {
    open(100, Duration.ofMillis(10));
    reconcile("a", first, "INSERT INTO parent VALUES ('a')");
    await().atMost(Duration.ofSeconds(10)).until(() -> told.equals(List.of("a committed")));
  }

  @Test
  void aWriteOutsideAScopeCommitsTheOpenGroupsFirstThenItself() throws Exception {
    open(100, NEVER);
    reconcile("grouped", second, "INSERT INTO parent VALUES ('g')");
    long before = first.commits();

    write(first, "INSERT INTO parent VALUES ('alone')");

    assertEquals(List.of("grouped committed"), told);
    assertEquals("1\n", SqliteCli.run(second.file(), "SELECT count(*) FROM parent;"));
    assertEquals("1\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));
    assertEquals(before + 1, first.commits());
  }

  @Test
  void closingCommitsWhatWaits() throws Exception {
    open(100, NEVER);
    reconcile("a", first, "INSERT INTO parent VALUES ('a')");
    group.close();
    assertEquals(List.of("a committed"), told);
    assertEquals("1\n", SqliteCli.run(first.file(), "SELECT count(*) FROM parent;"));
  }

  /** One reconcile: a grouped write (none when {@code sql} is null), then waits to be told. */
  @Test
  void aSnapshotReadJoinsTheOpenGroupAndSeesItsWrites() throws Exception {
    open(100, NEVER);
    reconcile("a", first, "INSERT INTO parent VALUES ('a')");

    int inGroup = first.readSnapshot("counting", c -> rowsOf(c, "parent"));
    assertEquals(1, inGroup, "within the group");
    assertEquals(List.of(), told, "the read ended no transaction");
    group.flush();
    assertEquals(List.of("a committed"), told);
    int alone = first.readSnapshot("counting", c -> rowsOf(c, "parent"));
    assertEquals(1, alone, "in its own transaction");
  }

  private static int rowsOf(java.sql.Connection c, String table) throws java.sql.SQLException {
    try (Statement s = c.createStatement();
        var rows = s.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private void reconcile(String name, SqliteDatabase db, String sql) {
    GroupCommit.Scope scope = group.begin();
    if (sql != null) {
      write(db, sql);
    }
    scope.end(outcome -> told.add(name + (outcome.isEmpty() ? " committed" : " lost")));
  }

  private static void write(SqliteDatabase db, String sql) {
    db.write(
        sql,
        c -> {
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            return statement.executeUpdate();
          }
        });
  }

  private static Object execute(Statement statement, String sql) throws java.sql.SQLException {
    try (statement) {
      statement.execute(sql);
      return null;
    }
  }

  private static int count(SqliteDatabase db, String table) {
    return db.read(
        "counting",
        c -> {
          try (Statement s = c.createStatement();
              var rows = s.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
          }
        });
  }
}
