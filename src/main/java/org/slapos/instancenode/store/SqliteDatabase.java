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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slapos.instancenode.files.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * up to {@link #BUSY_TIMEOUT_MILLIS} for it. Under a {@link GroupCommit}, reads in this process
 * also see the writes of its open group, not committed yet.
 *
 * <p>Callers' duty: the work passed to {@code read}, {@code readSnapshot} or {@code write} must not
 * call back into this database, must not manage transactions itself and must close what it opens.
 */
public final class SqliteDatabase implements AutoCloseable {
  /** How long a statement waits for a lock held by another connection before failing. */
  public static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private static final int INTEGRITY_PROBLEMS_SHOWN = 10;
  private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

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
  private volatile GroupCommit groupCommit;
  // The group transaction open on the connection (guarded by lock), null when none is.
  private CommitGroup group;

  private SqliteDatabase(Path file, Connection connection) {
    this.file = file;
    // Every connection, read-only ones included, keeps its prepared statements for reuse.
    this.connection = ReusedStatements.around(connection);
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
    return open(file, migrations, check, true);
  }

  /**
   * {@link #open}, but never creating {@code file}: for a file another program writes, whose
   * absence means something (it has not run yet, it is being replaced) that an empty file would
   * hide.
   *
   * @throws StoreException as {@link #open} does, also when the file does not exist (even when it
   *     disappears while being opened)
   */
  public static SqliteDatabase openExisting(
      Path file, List<Migration> migrations, IntegrityCheck check) {
    return open(file, migrations, check, false);
  }

  private static SqliteDatabase open(
      Path file, List<Migration> migrations, IntegrityCheck check, boolean create) {
    SchemaMigrator.checkOrder(migrations);
    Path path = file.toAbsolutePath();
    SqliteDatabase db;
    try {
      if (create) {
        OwnerOnlyFiles.createIfAbsent(path);
      } else if (!Files.isRegularFile(path)) {
        throw new StoreException(path, "does not exist");
      }
      // SQLite is never asked to create the file (see connect): when it disappeared since, this
      // fails rather than creating an empty one.
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
      SQLiteConfig config = connectionSettings();
      config.setReadOnly(true);
      return new SqliteDatabase(path, config.createConnection("jdbc:sqlite:" + path));
    } catch (SQLException e) {
      throw new StoreException(path, "cannot open read-only", e);
    }
  }

  private static Connection connect(Path file) throws SQLException {
    return connectionSettings().createConnection("jdbc:sqlite:" + file);
  }

  /** What every connection, writing or read-only, is opened with. */
  private static SQLiteConfig connectionSettings() {
    SQLiteConfig config = new SQLiteConfig();
    // The file exists with its permissions by now; SQLite must never create it with others.
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    // A statement inside a larger transaction keeps a journal to undo itself alone; on disk that
    // is a temporary file created, written and deleted per statement, which cost a first run of
    // 100,000 entries more system time than its commits. Its content is never needed after a
    // crash (the WAL is what recovers), so memory loses nothing.
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    return config;
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
   * {@link #read}, but every statement of {@code work} sees the same committed snapshot (in one
   * read transaction, or in the open group transaction when there is one): for work of several
   * statements whose results must agree, such as a count and the rows it counts.
   *
   * @param what what the work does, for the error message
   */
  public <T> T readSnapshot(String what, SqlWork<T> work) {
    lock.lock();
    try {
      ensureOpen();
      if (group != null) {
        return work.run(connection);
      }
      return transaction("BEGIN", work);
    } catch (SQLException e) {
      throw new StoreException(file, what + " failed", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
   * (the exception is rethrown; an {@link SQLException} wrapped in a {@link StoreException}). Under
   * a {@link GroupCommit} scope of this thread, the work joins the open group transaction instead,
   * in a savepoint (undone alone when it throws), and is committed later with the group.
   *
   * @param what what the work does, for the error message
   */
  public <T> T write(String what, SqlWork<T> work) {
    return write(what, work, null, true);
  }

  /**
   * {@link #write(String, SqlWork)}, then {@code onCommitted} once the work is committed: before
   * returning when it was committed alone, later and on the committing thread when it joined a
   * group, never when its group was lost. It must be quick and must not throw.
   */
  public <T> T write(String what, SqlWork<T> work, Runnable onCommitted) {
    return write(what, work, onCommitted, true);
  }

  /**
   * {@link #write} for a transaction that changes the {@code node_meta} table only (the node's own
   * bookkeeping: its last run, held removals): not counted by {@link #commits()}, so that a steady
   * pass, which writes nothing else, leaves every picture read from the other tables valid.
   *
   * <p>Caller's duty: {@code work} writes nothing but {@code node_meta}.
   */
  public <T> T writeNodeMeta(String what, SqlWork<T> work) {
    return write(what, work, null, false);
  }

  /**
   * {@link #write(String, SqlWork, Runnable)}; {@code counted} false for a {@link #writeNodeMeta}.
   */
  <T> T write(String what, SqlWork<T> work, Runnable onCommitted, boolean counted) {
    GroupCommit committer = groupCommit;
    GroupCommit.Scope scope = committer == null ? null : committer.current();
    if (scope == null) {
      T result =
          committer == null
              ? writeAlone(what, work, counted)
              : committer.alone(ended -> writeAlone(what, work, counted));
      if (onCommitted != null) {
        onCommitted.run();
      }
      return result;
    }
    CommitGroup[] joined = new CommitGroup[1];
    T result =
        committer.grouped(() -> writeGrouped(what, work, scope, onCommitted, counted, joined));
    if (joined[0].writes() >= committer.maxWrites()) {
      committer.flush();
    }
    return result;
  }

  /**
   * {@link #write(String, SqlWork)}, committed before it returns even under a {@link GroupCommit}
   * scope (the open groups first): for a fact another process must see at once.
   */
  public <T> T writeNow(String what, SqlWork<T> work) {
    GroupCommit committer = groupCommit;
    return committer == null
        ? writeAlone(what, work, true)
        : committer.alone(ended -> writeAlone(what, work, true));
  }

  private <T> T writeAlone(String what, SqlWork<T> work, boolean counted) {
    lock.lock();
    try {
      ensureOpen();
      T result = transaction("BEGIN IMMEDIATE", work);
      if (counted) {
        commits.incrementAndGet();
      }
      return result;
    } catch (SQLException e) {
      throw new StoreException(file, what + " failed", e);
    } finally {
      lock.unlock();
    }
  }

  private <T> T writeGrouped(
      String what,
      SqlWork<T> work,
      GroupCommit.Scope scope,
      Runnable onCommitted,
      boolean counted,
      CommitGroup[] joined) {
    CommitGroup lost = null;
    lock.lock();
    try {
      ensureOpen();
      if (group == null) {
        execute("BEGIN IMMEDIATE");
        group = new CommitGroup();
      }
      joined[0] = group;
      execute("SAVEPOINT grouped_write");
      try {
        T result = work.run(connection);
        execute("RELEASE grouped_write");
        group.wrote(counted);
        scope.wrote(group);
        if (onCommitted != null) {
          group.whenCommitted(onCommitted);
        }
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        if (!rolledBackToSavepoint(e)) {
          // SQLite ended the whole transaction (after SQLITE_FULL, say): the group is lost, and
          // with it the other databases' open groups, rolled back at the next commit.
          StoreException failure =
              new StoreException(file, what + " failed: its group was lost", e);
          lost = endGroup(failure);
          scope.owner().lostInAWrite(failure);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(file, what + " failed", e);
    } finally {
      lock.unlock();
      if (lost != null) {
        CommitGroup.runActions(List.of(lost));
      }
    }
  }

  private boolean rolledBackToSavepoint(Throwable failure) {
    try {
      execute("ROLLBACK TO grouped_write");
      execute("RELEASE grouped_write");
      return true;
    } catch (SQLException e) {
      failure.addSuppressed(e);
      rollbackAfter(failure);
      return false;
    }
  }

  /** Ends the open group as lost, logged once; the caller runs its actions once unlocked. */
  private CommitGroup endGroup(StoreException failure) {
    CommitGroup ended = group;
    group = null;
    ended.end(Optional.of(failure));
    LOG.atError()
        .setMessage("a group commit failed: its writes are lost and what they were for is retried")
        .addKeyValue("file", file)
        .addKeyValue("writes", ended.writes())
        .addKeyValue("error", String.valueOf(failure.getCause()))
        .log();
    return ended;
  }

  /**
   * Commits the open group transaction, if any, adding it to {@code ended} for its actions to run
   * once the caller released its locks. A failed commit is logged and told to the group's actions.
   *
   * @return the failure when the commit lost the group
   */
  Optional<StoreException> commitGroup(List<CommitGroup> ended) {
    lock.lock();
    try {
      if (group == null || closed) {
        return Optional.empty();
      }
      try {
        execute("COMMIT");
        if (group.counted()) {
          commits.incrementAndGet();
        }
        CommitGroup committed = group;
        group = null;
        committed.end(Optional.empty());
        ended.add(committed);
        return Optional.empty();
      } catch (SQLException e) {
        rollbackAfter(e);
        StoreException failure = new StoreException(file, "group commit failed", e);
        ended.add(endGroup(failure));
        return Optional.of(failure);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Rolls back the open group transaction, if any, because {@code cause} lost another database's
   * group of the same round; adds it to {@code ended} as {@link #commitGroup} does.
   */
  void rollBackGroup(StoreException cause, List<CommitGroup> ended) {
    lock.lock();
    try {
      if (group == null || closed) {
        return;
      }
      StoreException failure =
          new StoreException(file, "group rolled back: another database's group was lost", cause);
      rollbackAfter(failure);
      ended.add(endGroup(failure));
    } finally {
      lock.unlock();
    }
  }

  /** The open group transaction, if any. */
  Optional<CommitGroup> openGroup() {
    lock.lock();
    try {
      return Optional.ofNullable(group);
    } finally {
      lock.unlock();
    }
  }

  /** Makes {@code committer} group this database's writes under its scopes. */
  void joinGroupCommit(GroupCommit committer) {
    if (groupCommit != null) {
      throw new IllegalStateException(file + " already belongs to a group commit");
    }
    groupCommit = committer;
  }

  /**
   * How many transactions this object committed, not counting those of {@link #writeNodeMeta} (a
   * group commit counts once, unless it held only those): unchanged between two calls means nothing
   * but {@code node_meta} was written through it meanwhile. Readers of the other tables cache what
   * they read on it.
   */
  public long commits() {
    return commits.get();
  }

  /** Runs {@code work} in a transaction opened by {@code begin}: committed, or rolled back. */
  private <T> T transaction(String begin, SqlWork<T> work) throws SQLException {
    execute(begin);
    try {
      T result = work.run(connection);
      execute("COMMIT");
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      rollbackAfter(e);
      throw e;
    }
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

  /**
   * Commits the open group transaction, if any, and closes the connection; later calls fail.
   * Idempotent.
   */
  @Override
  public void close() {
    List<CommitGroup> ended = new ArrayList<>();
    commitGroup(ended);
    CommitGroup.runActions(ended);
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
