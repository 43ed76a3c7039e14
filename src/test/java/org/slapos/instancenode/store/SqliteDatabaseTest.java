package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slapos.instancenode.testing.SqliteCli;

class SqliteDatabaseTest {
  private static final Migration CREATE_T = new Migration(1, "create t", "CREATE TABLE t (x TEXT)");
  private static final Migration CREATE_U = new Migration(2, "create u", "CREATE TABLE u (y TEXT)");

  @TempDir Path dir;

  @Test
  void newFileIsOwnerOnlyInWalModeWithBusyTimeout() throws Exception {
    Path file = dir.resolve("new.db");
    try (SqliteDatabase db = SqliteDatabase.open(file, List.of(CREATE_T), IntegrityCheck.FULL)) {
      assertEquals("rw-------", permissions(file));
      assertEquals("rw-------", permissions(dir.resolve("new.db-wal")));
      assertEquals("rw-------", permissions(dir.resolve("new.db-shm")));
      assertEquals("wal", pragma(db, "journal_mode"));
      assertEquals("10000", pragma(db, "busy_timeout"));
      assertEquals("1", pragma(db, "synchronous"), "NORMAL");
    }
    assertEquals("wal\n", SqliteCli.run(file, "PRAGMA journal_mode;"));
  }

  @Test
  void everyConnectionKeepsItsStatementJournalsInMemory() {
    Path file = dir.resolve("temp.db");
    try (SqliteDatabase db = SqliteDatabase.open(file, List.of(CREATE_T), IntegrityCheck.FULL);
        SqliteDatabase reader = SqliteDatabase.openReadOnly(file)) {
      assertEquals("2", pragma(db, "temp_store"), "MEMORY, writing");
      assertEquals("2", pragma(reader, "temp_store"), "MEMORY, read-only");
      db.write(
          "many statements in one transaction",
          c -> {
            for (int i = 0; i < 100; i++) {
              insert(c, "row " + i);
            }
            return null;
          });
      assertEquals("100", reader.read("counting", c -> String.valueOf(count(c))));
    }
  }

  @Test
  void aSnapshotReadSeesNoWriteOfAnotherProcessBetweenItsStatements() throws Exception {
    Path file = dir.resolve("snapshot.db");
    try (SqliteDatabase db = SqliteDatabase.open(file, List.of(CREATE_T), IntegrityCheck.FULL)) {
      SqliteCli.run(file, "INSERT INTO t VALUES ('a');");
      List<Integer> seen =
          db.readSnapshot(
              "counting twice",
              c -> {
                int before = count(c);
                try {
                  SqliteCli.run(file, "INSERT INTO t VALUES ('b');");
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                return List.of(before, count(c));
              });
      assertEquals(List.of(1, 1), seen, "one snapshot");
      assertEquals(2, db.readSnapshot("counting", SqliteDatabaseTest::count), "then the next");
      assertEquals(2, db.read("counting", SqliteDatabaseTest::count), "no transaction left open");
    }
  }

  private static int count(java.sql.Connection c) throws java.sql.SQLException {
    try (Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT count(*) FROM t")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void emptyFileGetsEveryMigrationRecorded() throws Exception {
    Path file = dir.resolve("fresh.db");
    SqliteDatabase.open(file, List.of(CREATE_T, CREATE_U), IntegrityCheck.FULL).close();
    assertEquals("1|create t\n2|create u\n", versions(file));
    assertEquals("t\nu\n", tables(file));
  }

  @Test
  void reopeningAtLatestVersionAppliesNothing() throws Exception {
    Path file = dir.resolve("again.db");
    SqliteDatabase.open(file, List.of(CREATE_T, CREATE_U), IntegrityCheck.FULL).close();
    // CREATE TABLE without IF NOT EXISTS fails if run twice.
    SqliteDatabase.open(file, List.of(CREATE_T, CREATE_U), IntegrityCheck.FULL).close();
    assertEquals("1|create t\n2|create u\n", versions(file));
  }

  @Test
  void olderFileGetsOnlyTheNewerMigrationsAndKeepsItsRows() throws Exception {
    Path file = dir.resolve("older.db");
    try (SqliteDatabase db = SqliteDatabase.open(file, List.of(CREATE_T), IntegrityCheck.FULL)) {
      insert(db, "kept");
    }
    SqliteDatabase.open(file, List.of(CREATE_T, CREATE_U), IntegrityCheck.FULL).close();
    assertEquals("1|create t\n2|create u\n", versions(file));
    assertEquals("kept\n", SqliteCli.run(file, "SELECT x FROM t;"));
  }

  @Test
  void failedMigrationLeavesThePreviousVersionWhole() throws Exception {
    Path file = dir.resolve("failing.db");
    Migration broken = new Migration(2, "broken", "CREATE TABLE u (y TEXT)", "NOT SQL AT ALL");
    StoreException error =
        assertThrows(
            StoreException.class,
            () -> SqliteDatabase.open(file, List.of(CREATE_T, broken), IntegrityCheck.FULL));
    assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    assertTrue(error.getMessage().contains("migration 2 (broken)"), error.getMessage());
    assertEquals("1|create t\n", versions(file));
    assertEquals("t\n", tables(file));
  }

  @Test
  void newerSchemaVersionIsRefused() throws Exception {
    Path file = dir.resolve("newer.db");
    SqliteDatabase.open(file, List.of(CREATE_T, CREATE_U), IntegrityCheck.FULL).close();
    StoreException error =
        assertThrows(
            StoreException.class,
            () -> SqliteDatabase.open(file, List.of(CREATE_T), IntegrityCheck.FULL));
    assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    assertTrue(error.getMessage().contains("schema version 2 is newer"), error.getMessage());
  }

  @Test
  void migrationsOutOfOrderAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SqliteDatabase.open(
                dir.resolve("x.db"), List.of(CREATE_U, CREATE_T), IntegrityCheck.FULL));
  }

  @Test
  void fileOfGarbageIsRefusedNamingIt() throws Exception {
    Path file = dir.resolve("garbage.db");
    Files.writeString(file, "this is not a database\n".repeat(500));
    StoreException error =
        assertThrows(
            StoreException.class,
            () -> SqliteDatabase.open(file, List.of(CREATE_T), IntegrityCheck.FULL));
    assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    assertTrue(error.getMessage().contains("not a database"), error.getMessage());
  }

  @ParameterizedTest
  @EnumSource(IntegrityCheck.class)
  void corruptedPageFailsTheIntegrityCheckNamingTheFile(IntegrityCheck check) throws Exception {
    Path file = dir.resolve("corrupt.db");
    SqliteCli.run(
        file,
        "PRAGMA page_size = 4096; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"
            + " CREATE INDEX iv ON t (v); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL"
            + " SELECT x + 1 FROM c WHERE x < 2000) INSERT INTO t SELECT x, printf('v-%05d', x)"
            + " FROM c;");
    try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
      channel.position(4096 * 3 + 100);
      channel.write(
          java.nio.ByteBuffer.wrap("GARBAGE".repeat(100).getBytes(StandardCharsets.US_ASCII)));
    }
    StoreException error =
        assertThrows(
            StoreException.class, () -> SqliteDatabase.open(file, List.of(CREATE_T), check));
    assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    assertTrue(error.getMessage().contains("integrity check failed"), error.getMessage());
  }

  @Test
  void failingWorkIsRolledBackAndItsExceptionRethrown() throws Exception {
    Path file = dir.resolve("rollback.db");
    try (SqliteDatabase db = SqliteDatabase.open(file, List.of(CREATE_T), IntegrityCheck.FULL)) {
      IllegalStateException failure = new IllegalStateException("stop");
      IllegalStateException thrown =
          assertThrows(
              IllegalStateException.class,
              () ->
                  db.write(
                      "insert then fail",
                      c -> {
                        try (var insert = c.prepareStatement("INSERT INTO t VALUES ('lost')")) {
                          insert.executeUpdate();
                        }
                        throw failure;
                      }));
      assertSame(failure, thrown);
      insert(db, "kept");
    }
    assertEquals("kept\n", SqliteCli.run(file, "SELECT x FROM t;"));
  }

  @Test
  @Timeout(60)
  void concurrentWritesAreEachAtomicAndAFailingOneRollsBackAlone() throws Exception {
    Path file = dir.resolve("group.db");
    int writers = 8;
    int rounds = 200;
    try (SqliteDatabase db = SqliteDatabase.open(file, List.of(CREATE_T), IntegrityCheck.FULL)) {
      var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
      var failures = new java.util.concurrent.atomic.AtomicInteger();
      var futures = new ArrayList<java.util.concurrent.Future<?>>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        futures.add(
            pool.submit(
                () -> {
                  for (int r = 0; r < rounds; r++) {
                    String value = writer + "-" + r;
                    boolean fail = r % 10 == writer;
                    try {
                      db.write(
                          "insert " + value,
                          c -> {
                            try (var insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                              insert.setString(1, value);
                              insert.executeUpdate();
                            }
                            if (fail) {
                              throw new IllegalStateException("refused " + value);
                            }
                            return null;
                          });
                    } catch (IllegalStateException e) {
                      assertEquals("refused " + value, e.getMessage());
                      failures.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (var future : futures) {
        future.get();
      }
      pool.shutdown();
      int expectedFailures = writers * rounds / 10;
      assertEquals(expectedFailures, failures.get());
      int kept =
          db.read(
              "count",
              c -> {
                try (var count = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                  count.next();
                  return count.getInt(1);
                }
              });
      assertEquals(writers * rounds - expectedFailures, kept);
    }
    assertEquals(
        "0\n", SqliteCli.run(file, "SELECT count(*) FROM t WHERE x IN ('0-0', '1-1', '2-12');"));
  }

  @Test
  void backupIsOwnerOnlyIntactAndComplete() throws Exception {
    Path file = dir.resolve("source.db");
    Path target = dir.resolve("backup.db");
    try (SqliteDatabase db = SqliteDatabase.open(file, List.of(CREATE_T), IntegrityCheck.FULL)) {
      insert(db, "row");
      db.backup(target);
      assertThrows(StoreException.class, () -> db.backup(target), "refuses to overwrite");
    }
    assertEquals("rw-------", permissions(target));
    assertEquals("ok\n", SqliteCli.run(target, "PRAGMA integrity_check;"));
    assertEquals("row\n", SqliteCli.run(target, "SELECT x FROM t;"));
    assertEquals("1|create t\n", versions(target));
  }

  @Test
  void closedDatabaseRefusesWork() {
    SqliteDatabase db =
        SqliteDatabase.open(dir.resolve("closed.db"), List.of(CREATE_T), IntegrityCheck.FULL);
    db.close();
    db.close();
    assertThrows(IllegalStateException.class, () -> db.read("read", c -> 1));
    assertFalse(Files.exists(dir.resolve("closed.db-wal")), "WAL checkpointed away on close");
  }

  private static String permissions(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static String pragma(SqliteDatabase db, String name) {
    return db.read(
        name,
        c -> {
          try (Statement s = c.createStatement();
              ResultSet r = s.executeQuery("PRAGMA " + name)) {
            r.next();
            return r.getString(1);
          }
        });
  }

  private static String versions(Path file) throws Exception {
    return SqliteCli.run(file, "SELECT version, name FROM schema_version ORDER BY version;");
  }

  private static String tables(Path file) throws Exception {
    return SqliteCli.run(
        file,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'schema_version'"
            + " ORDER BY name;");
  }

  private static void insert(SqliteDatabase db, String value) {
    db.write("insert", c -> insert(c, value));
  }

  private static int insert(java.sql.Connection c, String value) throws java.sql.SQLException {
    try (var insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
      insert.setString(1, value);
      return insert.executeUpdate();
    }
  }
}
