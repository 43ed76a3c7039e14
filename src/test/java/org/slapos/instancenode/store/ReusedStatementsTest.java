package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.commons.dbcp2.DelegatingStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReusedStatementsTest {
  @TempDir Path dir;

  private Connection open(String name) throws SQLException {
    Connection c =
        ReusedStatements.around(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name)));
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x TEXT)");
    }
    return c;
  }

  private static Statement sqlite(PreparedStatement statement) {
    return ((DelegatingStatement) statement).getInnermostDelegate();
  }

  @Test
  void aClosedStatementIsPreparedOnceAndReturnedForTheSameSql() throws Exception {
    try (Connection c = open("a.db")) {
      PreparedStatement first = c.prepareStatement("SELECT x FROM t WHERE x = ?");
      Statement compiled = sqlite(first);
      first.close();
      try (PreparedStatement again = c.prepareStatement("SELECT x FROM t WHERE x = ?");
          PreparedStatement other = c.prepareStatement("SELECT x FROM t")) {
        assertSame(compiled, sqlite(again));
        assertNotSame(compiled, sqlite(other));
      }
    }
  }

  @Test
  void aStatementPreparedAgainBeforeTheFirstIsClosedIsAnotherOne() throws Exception {
    try (Connection c = open("b.db");
        PreparedStatement first = c.prepareStatement("SELECT x FROM t");
        PreparedStatement second = c.prepareStatement("SELECT x FROM t")) {
      assertNotSame(sqlite(first), sqlite(second));
    }
  }

  @Test
  void aReturnedStatementKeepsNeitherParametersNorBatch() throws Exception {
    try (Connection c = open("c.db")) {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
        insert.setString(1, "left in the batch");
        insert.addBatch();
        insert.setString(1, "left bound");
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
        assertArrayEquals(new int[0], insert.executeBatch());
        insert.setString(1, "mine");
        assertEquals(1, insert.executeUpdate());
      }
      try (Statement s = c.createStatement();
          ResultSet rows = s.executeQuery("SELECT group_concat(x) FROM t")) {
        assertTrue(rows.next());
        assertEquals("mine", rows.getString(1));
      }
    }
  }

  @Test
  void aKeptStatementFollowsSchemaChanges() throws Exception {
    try (Connection c = open("d.db")) {
      try (PreparedStatement select = c.prepareStatement("SELECT * FROM t")) {
        assertEquals(1, select.executeQuery().getMetaData().getColumnCount());
      }
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE t ADD COLUMN y TEXT");
      }
      try (PreparedStatement select = c.prepareStatement("SELECT * FROM t")) {
        assertEquals(2, select.executeQuery().getMetaData().getColumnCount());
      }
    }
  }

  @Test
  void aKeptStatementOnAnAttachedDatabaseDoesNotHoldItAttached() throws Exception {
    try (Connection other = open("other.db");
        Connection c = open("e.db")) {
      try (Statement s = c.createStatement()) {
        s.execute("ATTACH DATABASE '" + dir.resolve("other.db") + "' AS other");
      }
      try (PreparedStatement select = c.prepareStatement("SELECT count(*) FROM other.t");
          ResultSet rows = select.executeQuery()) {
        assertTrue(rows.next());
      }
      try (Statement s = c.createStatement()) {
        s.execute("DETACH DATABASE other");
      }
    }
  }

  @Test
  void closingTheConnectionFinalisesTheKeptStatements() throws Exception {
    Connection c = open("f.db");
    PreparedStatement select = c.prepareStatement("SELECT x FROM t");
    Statement compiled = sqlite(select);
    select.close();
    c.close();
    assertTrue(compiled.isClosed());
  }

  private static Statement compiledBy(SqliteDatabase db) {
    return db.read(
        "prepare",
        c -> {
          try (PreparedStatement select = c.prepareStatement("SELECT x FROM t")) {
            return sqlite(select);
          }
        });
  }

  @Test
  void everySqliteDatabaseConnectionReusesItsStatementsReadOnlyOnesToo() {
    Path file = dir.resolve("g.db");
    Migration createT = new Migration(1, "create t", "CREATE TABLE t (x TEXT)");
    try (SqliteDatabase db = SqliteDatabase.open(file, List.of(createT), IntegrityCheck.QUICK)) {
      assertSame(compiledBy(db), compiledBy(db));
    }
    try (SqliteDatabase db = SqliteDatabase.openReadOnly(file)) {
      assertSame(compiledBy(db), compiledBy(db));
    }
  }
}
