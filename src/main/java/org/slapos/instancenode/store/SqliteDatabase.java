package org.slapos.instancenode.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slapos.instancenode.files.OwnerOnlyFiles;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

/**
 * One SQLite file behind one connection: created {@code 0600}, checked, in WAL mode and migrated on
 * open.
 *
 * <p>Thread-safety: safe for use by many threads. Every {@link #read} and {@link #write} holds one
 * lock for its whole duration, so the connection is used by one thread at a time and writes are
 * serialised. Other processes (the Python implementation, operators' queries) may use the file at
 * the same time: writes take SQLite's write lock at their start ({@code BEGIN IMMEDIATE}) and wait
 * up to {@link #BUSY_TIMEOUT_MILLIS} for it.
 *
 * <p>Callers' duty: the work passed to {@code read} or {@code write} must not call back into this
 * database, must not manage transactions itself and must close what it opens.
 */
public final class SqliteDatabase implements AutoCloseable {
  /** How long a statement waits for a lock held by another connection before failing. */
  public static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private static final int INTEGRITY_PROBLEMS_SHOWN = 10;

  /** Work done on the connection; it may throw {@link SQLException}. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong commits = new AtomicLong();
  private boolean closed;

  private SqliteDatabase(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens {@code file}, creating it {@code 0600} when it does not exist (its directory must),
   * checks its integrity, switches it to WAL and applies the pending {@code migrations}.
   *
   * @param migrations the complete ordered history of the file's schema, versions 1, 2, 3...
   * @param check how thoroughly to check the file first
   * @throws StoreException when the file cannot be created or opened, fails its integrity check,
   *     has a schema newer than {@code migrations}, or a migration fails
   */
  public static SqliteDatabase open(Path file, List<Migration> migrations, IntegrityCheck check) {
    SchemaMigrator.checkOrder(migrations);
    Path path = file.toAbsolutePath();
    SqliteDatabase db;
    try {
      OwnerOnlyFiles.createIfAbsent(path);
      db = new SqliteDatabase(path, connect(path));
    } catch (IOException | SQLException e) {
      throw new StoreException(path, "cannot open", e);
    }
    try {
      db.checkIntegrity(check);
      db.configure();
      SchemaMigrator.migrate(db, migrations);
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * Opens an existing {@code file} read-only, as it is: not checked, not migrated, its journal mode
   * unchanged. Safe beside a process writing it (WAL readers do not block the writer).
   *
   * @throws StoreException when the file does not exist or cannot be opened
   */
  public static SqliteDatabase openReadOnly(Path file) {
    Path path = file.toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      throw new StoreException(path, "does not exist");
    }
    try {
      SQLiteConfig config = new SQLiteConfig();
      config.setReadOnly(true);
      config.resetOpenMode(SQLiteOpenMode.CREATE);
      config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
      return new SqliteDatabase(path, config.createConnection("jdbc:sqlite:" + path));
    } catch (SQLException e) {
      throw new StoreException(path, "cannot open read-only", e);
    }
  }

  private static Connection connect(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    // The file exists with its permissions by now; SQLite must never create it with others.
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config.createConnection("jdbc:sqlite:" + file);
  }

  private void checkIntegrity(IntegrityCheck check) {
    List<String> problems = integrityProblems(check);
    if (!problems.equals(List.of("ok"))) {
      throw new StoreException(
          file,
          "integrity check failed (restore a backup, or salvage it with sqlite3 .recover): "
              + String.join("; ", problems));
    }
  }

  /**
   * What SQLite's {@code check} pragma reports: {@code [ok]} for a sound file, else the first
   * problems found.
   */
  public List<String> integrityProblems(IntegrityCheck check) {
    return read(
        "checking integrity",
        c -> {
          List<String> rows = new ArrayList<>();
          try (Statement statement = c.createStatement();
              ResultSet result =
                  statement.executeQuery(
                      "PRAGMA " + check.pragma() + "(" + INTEGRITY_PROBLEMS_SHOWN + ")")) {
            while (result.next()) {
              rows.add(result.getString(1));
            }
          }
          return rows;
        });
  }

  private void configure() {
    String mode = read("setting WAL journal mode", c -> pragma(c, "journal_mode = WAL"));
    if (!"wal".equalsIgnoreCase(mode)) {
      throw new StoreException(file, "cannot use WAL journal mode (SQLite kept " + mode + ")");
    }
    read("setting synchronous mode", c -> pragma(c, "synchronous = NORMAL"));
  }

  private static String pragma(Connection connection, String pragma) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (!statement.execute("PRAGMA " + pragma)) {
        return null;
      }
      try (ResultSet result = statement.getResultSet()) {
        return result.next() ? result.getString(1) : null;
      }
    }
  }

  /** The absolute path of the file. */
  public Path file() {
    return file;
  }

  /**
   * Runs read-only {@code work} on the connection, in auto-commit mode: each statement sees a
   * consistent committed snapshot.
   *
   * @param what what the work does, for the error message
   */
  public <T> T read(String what, SqlWork<T> work) {
    lock.lock();
    try {
      ensureOpen();
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException(file, what + " failed", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
   * (the exception is rethrown; an {@link SQLException} wrapped in a {@link StoreException}).
   *
   * @param what what the work does, for the error message
   */
  public <T> T write(String what, SqlWork<T> work) {
    return write(what, work, true);
  }

  /**
   * {@link #write} for a transaction that changes the {@code node_meta} table only (the node's own
   * bookkeeping: its last run, held removals): not counted by {@link #commits()}, so that a steady
   * pass, which writes nothing else, leaves every picture read from the other tables valid.
   *
   * <p>Caller's duty: {@code work} writes nothing but {@code node_meta}.
   */
  public <T> T writeNodeMeta(String what, SqlWork<T> work) {
    return write(what, work, false);
  }

  private <T> T write(String what, SqlWork<T> work, boolean counted) {
    lock.lock();
    try {
      ensureOpen();
      execute("BEGIN IMMEDIATE");
      try {
        T result = work.run(connection);
        execute("COMMIT");
        if (counted) {
          commits.incrementAndGet();
        }
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackAfter(e);
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(file, what + " failed", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * How many transactions this object committed, not counting those of {@link #writeNodeMeta}:
   * unchanged between two calls means nothing but {@code node_meta} was written through it
   * meanwhile. Readers of the other tables cache what they read on it.
   */
  public long commits() {
    return commits.get();
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private void rollbackAfter(Throwable failure) {
    try {
      execute("ROLLBACK");
    } catch (SQLException e) {
      // SQLite may have rolled back on its own already (after SQLITE_FULL, for instance).
      failure.addSuppressed(e);
    }
  }

  /**
   * Copies the whole file to {@code target} with SQLite's online backup API, consistent as of one
   * moment even while other processes write. {@code target} is created {@code 0600} and must not
   * exist; on failure it is removed.
   */
  public void backup(Path target) {
    Path path = target.toAbsolutePath();
    try {
      OwnerOnlyFiles.createNew(path);
    } catch (IOException e) {
      throw new StoreException(file, "cannot create backup file " + path, e);
    }
    try {
      int code =
          read(
              "backup to " + path,
              c ->
                  c.unwrap(SQLiteConnection.class)
                      .getDatabase()
                      .backup("main", path.toString(), null));
      if (code != 0) {
        throw new StoreException(file, "backup to " + path + " failed with SQLite code " + code);
      }
    } catch (RuntimeException e) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("SQLite database " + file + " is closed");
    }
  }

  /** Closes the connection; later calls fail. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        connection.close();
      }
    } catch (SQLException e) {
      throw new StoreException(file, "close failed", e);
    } finally {
      lock.unlock();
    }
  }
}
