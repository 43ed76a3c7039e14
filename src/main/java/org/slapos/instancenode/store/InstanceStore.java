package org.slapos.instancenode.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code instance} table of the instance DB or of the request DB (both have the same schema).
 *
 * <p>Thread-safe: see {@link SqliteDatabase}. Each call is one statement or one transaction.
 */
public final class InstanceStore implements AutoCloseable {
  private static final String COLUMNS =
      "reference, json_parameters, json_error, hash, timestamp, valid_parameter";
  private static final String UPSERT =
      "INSERT INTO instance ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(reference) DO UPDATE SET"
          + " json_parameters = excluded.json_parameters, json_error = excluded.json_error,"
          + " hash = excluded.hash, timestamp = excluded.timestamp,"
          + " valid_parameter = excluded.valid_parameter";

  /** Bound parameters per statement of {@link #findAll}, below SQLite's historical 999. */
  private static final int FIND_ALL_CHUNK = 500;

  private final SqliteDatabase db;
  private final boolean requestDb;
  private final String readColumns;

  private InstanceStore(SqliteDatabase db, boolean requestDb, long parameterBound) {
    this.db = db;
    this.requestDb = requestDb;
    // Rows are input: a value that is not text, or is larger than the bound, is described, never
    // read into memory (SQLite's octet_length reads no content).
    String kept =
        "typeof(json_parameters) IN ('text', 'null')"
            + " AND coalesce(octet_length(json_parameters), 0) <= "
            + parameterBound;
    this.readColumns =
        "reference, CASE WHEN "
            + kept
            + " THEN json_parameters END, json_error, hash, timestamp, valid_parameter,"
            + " CASE WHEN NOT ("
            + kept
            + ") THEN typeof(json_parameters) END, octet_length(CAST(json_parameters AS BLOB))";
  }

  /**
   * Opens (creating it if needed) an instance DB, fully checked; see {@link SqliteDatabase#open}.
   */
  public static InstanceStore open(Path file) {
    return open(file, IntegrityCheck.FULL);
  }

  /** Opens (creating it if needed) an instance DB; see {@link SqliteDatabase#open}. */
  public static InstanceStore open(Path file, IntegrityCheck check) {
    return open(file, check, Long.MAX_VALUE);
  }

  /**
   * Opens (creating it if needed) an instance DB whose rows are read as input: a {@code
   * json_parameters} that is not text, or is longer than {@code parameterBound} bytes, is not read
   * but described ({@link InstanceRow#withheld()}).
   */
  public static InstanceStore open(Path file, IntegrityCheck check, long parameterBound) {
    return new InstanceStore(
        SqliteDatabase.open(file, InstanceMigrations.INSTANCE_DB, check), false, parameterBound);
  }

  /**
   * {@link #open(Path, IntegrityCheck, long)} for an instance DB another program writes (drop-in
   * mode): never creating it.
   *
   * @throws StoreException also when the file does not exist
   */
  public static InstanceStore openExisting(Path file, IntegrityCheck check, long parameterBound) {
    return new InstanceStore(
        SqliteDatabase.openExisting(file, InstanceMigrations.INSTANCE_DB, check),
        false,
        parameterBound);
  }

  /**
   * Opens (creating it if needed) a request DB, which also holds the event log and the absence
   * dates of {@link Batch}; see {@link SqliteDatabase#open}.
   */
  public static InstanceStore openRequestDb(Path file) {
    return openRequestDb(file, IntegrityCheck.FULL);
  }

  /** See {@link #openRequestDb(Path)}. */
  public static InstanceStore openRequestDb(Path file, IntegrityCheck check) {
    return new InstanceStore(
        SqliteDatabase.open(file, InstanceMigrations.REQUEST_DB, check), true, Long.MAX_VALUE);
  }

  /**
   * Opens an existing request DB read-only, for commands run beside the node; see {@link
   * SqliteDatabase#openReadOnly}.
   */
  public static InstanceStore openRequestDbReadOnly(Path file) {
    return new InstanceStore(SqliteDatabase.openReadOnly(file), true, Long.MAX_VALUE);
  }

  /** The absolute path of the file. */
  public Path file() {
    return db.file();
  }

  /** Copies the file to {@code target}; see {@link SqliteDatabase#backup}. */
  public void backup(Path target) {
    db.backup(target);
  }

  /**
   * The entries on which this instance DB and the request DB {@code requestDb} may disagree, judged
   * by SQLite over both files; see {@link StoredDiff}.
   *
   * @return empty when a row has no reference
   */
  public Optional<StoredDiff> unsettledAgainst(InstanceStore requestDb) {
    return StoredDiff.between(db, requestDb.file());
  }

  /** Hash, state and timestamp of every row by reference, read in one pass over the table. */
  public Map<String, StoredSummary> summaries() {
    return db.read(
        "reading instance summaries",
        c ->
            Rows.byFirstColumn(
                c,
                "SELECT reference, hash, valid_parameter, timestamp FROM instance",
                row -> new StoredSummary(row.getString(2), row.getString(3), row.getString(4))));
  }

  /** The row of {@code reference}, if there is one. */
  public Optional<InstanceRow> find(String reference) {
    return db.read(
        "reading instance " + reference,
        c ->
            query(c, "SELECT " + readColumns + " FROM instance WHERE reference = ?", reference)
                .stream()
                .findFirst());
  }

  /**
   * What a summary of the table shows, read in one snapshot: the rows by state and reason, and the
   * first {@code shown} invalid rows and valid rows with warnings ({@code json_error} not {@code
   * {}}) by reference, with how many of each there are. Reads no row it does not return: the
   * invalid are counted on {@code idx_valid_parameter}, the warned in the pass that counts the
   * reasons.
   */
  public Overview overview(int shown) {
    if (shown < 0) {
      throw new IllegalArgumentException("shown " + shown + " < 0");
    }
    return db.readSnapshot(
        "reading the overview of the instances",
        c -> {
          Census census = census(c);
          int invalid =
              Rows.first(
                      c,
                      "SELECT count(*) FROM instance WHERE valid_parameter = ?",
                      row -> row.getInt(1),
                      InstanceRow.INVALID)
                  .orElseThrow();
          return new Overview(
              census.byStateAndReason(),
              first(c, "valid_parameter = ?", invalid, shown, InstanceRow.INVALID),
              first(
                  c,
                  "valid_parameter = ? AND json_error <> '{}'",
                  census.warned(),
                  shown,
                  InstanceRow.VALID));
        });
  }

  /**
   * See {@link #overview}.
   *
   * @param byStateAndReason as {@link #countByStateAndReason()} counts them
   * @param invalid the rows whose {@code valid_parameter} is {@code invalid}
   * @param warned the rows whose {@code valid_parameter} is {@code valid} and whose {@code
   *     json_error} is not {@code {}}: they carry warnings
   */
  public record Overview(
      Map<String, Map<String, Integer>> byStateAndReason, FirstRows invalid, FirstRows warned) {}

  /** The first {@code limit} of the {@code total} rows matching {@code where}, by reference. */
  private FirstRows first(Connection c, String where, int total, int limit, String... parameters)
      throws SQLException {
    List<InstanceRow> rows =
        total == 0 || limit == 0
            ? List.of()
            : query(
                c,
                "SELECT "
                    + readColumns
                    + " FROM instance WHERE "
                    + where
                    + " ORDER BY reference LIMIT "
                    + limit,
                parameters);
    return new FirstRows(rows, total);
  }

  /**
   * Each row's hash and state with the digest of the parameters as the desired-state source gave
   * them (null when none was recorded), by reference, in one pass (instance DB only): an entry
   * whose source digest is unchanged needs no new validation.
   */
  public Map<String, SourceState> sourceStates() {
    return db.read(
        "reading instance states and source digests",
        c ->
            Rows.byFirstColumn(
                c,
                "SELECT i.reference, i.hash, i.valid_parameter, d.digest FROM instance i"
                    + " LEFT JOIN source_digest d ON d.reference = i.reference",
                row -> new SourceState(row.getString(2), row.getString(3), row.getString(4))));
  }

  /**
   * The number of rows by {@code valid_parameter} and {@code json_error.reason} ({@code ""} when
   * none), for the entries gauge.
   */
  public Map<String, Map<String, Integer>> countByStateAndReason() {
    return db.readSnapshot(
        "counting instances by state and reason", c -> census(c).byStateAndReason());
  }

  /**
   * {@link #countByStateAndReason()}'s counts, and how many valid rows have a {@code json_error}
   * other than {@code {}}.
   */
  private record Census(Map<String, Map<String, Integer>> byStateAndReason, int warned) {}

  private static Census census(Connection c) throws SQLException {
    Map<String, Map<String, Integer>> counts = new HashMap<>();
    int warned = 0;
    // Most rows are valid without warnings, json_error '{}' (no reason): they are counted on
    // idx_valid_parameter, and only the other rows' json_error is parsed.
    Map<String, Integer> byState = new HashMap<>();
    try (PreparedStatement select =
            c.prepareStatement(
                "SELECT valid_parameter, count(*) FROM instance GROUP BY valid_parameter");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        byState.merge(rows.getString(1), rows.getInt(2), Integer::sum);
      }
    }
    try (PreparedStatement select =
            c.prepareStatement(
                "SELECT valid_parameter, CASE WHEN json_valid(json_error)"
                    + " THEN json_extract(json_error, '$.reason') END,"
                    + " valid_parameter = 'valid' AND json_error IS NOT NULL, count(*)"
                    + " FROM instance WHERE json_error IS NOT '{}' GROUP BY 1, 2, 3");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String reason = rows.getString(2);
        counts
            .computeIfAbsent(rows.getString(1), k -> new HashMap<>())
            .merge(reason == null ? "" : reason, rows.getInt(4), Integer::sum);
        if (rows.getBoolean(3)) {
          warned += rows.getInt(4);
        }
      }
    }
    byState.forEach(
        (state, all) -> {
          Map<String, Integer> reasons = counts.computeIfAbsent(state, k -> new HashMap<>());
          int empty = all - reasons.values().stream().mapToInt(Integer::intValue).sum();
          if (empty > 0) {
            reasons.merge("", empty, Integer::sum);
          }
        });
    return new Census(counts, warned);
  }

  /** The number of rows in {@code state}, from {@link #countByStateAndReason()}'s counts. */
  public static int total(Map<String, Map<String, Integer>> counts, String state) {
    return counts.getOrDefault(state, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Every row, ordered by reference. */
  public List<InstanceRow> all() {
    return db.read(
        "reading all instances",
        c -> query(c, "SELECT " + readColumns + " FROM instance ORDER BY reference"));
  }

  /**
   * The rows of those of {@code references} that exist, ordered by reference, read in one pass with
   * a few statements (one per {@value #FIND_ALL_CHUNK} references) rather than one each.
   */
  public List<InstanceRow> findAll(Collection<String> references) {
    List<String> keys = new ArrayList<>(new TreeSet<>(references));
    return db.read(
        "reading " + keys.size() + " instances",
        c -> {
          List<InstanceRow> rows = new ArrayList<>(keys.size());
          for (int from = 0; from < keys.size(); from += FIND_ALL_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + FIND_ALL_CHUNK));
            String placeholders = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            rows.addAll(
                query(
                    c,
                    "SELECT "
                        + readColumns
                        + " FROM instance WHERE reference IN ("
                        + placeholders
                        + ") ORDER BY reference",
                    chunk.toArray(String[]::new)));
          }
          return rows;
        });
  }

  private static List<InstanceRow> query(Connection c, String sql, String... parameters)
      throws SQLException {
    return Rows.list(
        c,
        sql,
        row -> {
          String withheld = row.getString(7);
          return new InstanceRow(
              row.getString(1),
              row.getString(2),
              row.getString(3),
              row.getString(4),
              row.getString(5),
              row.getString(6),
              withheld == null ? null : new InstanceRow.Withheld(withheld, row.getLong(8)));
        },
        parameters);
  }

  /** The value {@code key} has in {@code node_meta}, if any. */
  public Optional<String> meta(String key) {
    return db.read(
        "reading node_meta " + key,
        c ->
            Rows.first(
                c, "SELECT value FROM node_meta WHERE key = ?", row -> row.getString(1), key));
  }

  /**
   * Inserts or replaces {@code upserts} and deletes the rows of {@code deletions}, in one
   * transaction: either all of it is committed or none of it. Does nothing when both are empty.
   *
   * @throws IllegalArgumentException when a reference is both upserted and deleted
   */
  public void write(Collection<InstanceRow> upserts, Collection<String> deletions) {
    Batch batch = batch();
    upserts.forEach(batch::upsert);
    deletions.forEach(batch::delete);
    batch.commit();
  }

  /** See {@link SqliteDatabase#commits()}. */
  public long commits() {
    return db.commits();
  }

  /** The file behind this store, for {@link GroupCommit}. */
  SqliteDatabase database() {
    return db;
  }

  /** Starts a batch of changes committed together by {@link Batch#commit()}. */
  public Batch batch() {
    return new Batch(db, requestDb);
  }

  /** Since when each absent entry has been absent (request DB only), by reference. */
  public Map<String, String> absentSince() {
    return db.read(
        "reading absence dates",
        c -> Rows.byFirstColumn(c, "SELECT reference, since FROM absent", row -> row.getString(2)));
  }

  /** Since when {@code reference} has been absent (request DB only), if it is. */
  public Optional<String> absentSince(String reference) {
    return db.read(
        "reading the absence date of " + reference,
        c ->
            Rows.first(
                c,
                "SELECT since FROM absent WHERE reference = ?",
                row -> row.getString(1),
                reference));
  }

  /** What was last sent to the master per entry (request DB only). */
  public PublishedLedger published() {
    if (!requestDb) {
      throw new IllegalStateException(db.file() + " is not a request DB");
    }
    return new PublishedLedger(db);
  }

  /** When entries' certificates expire and are due for a re-check (request DB only). */
  public CertificateTimings certificateTimings() {
    if (!requestDb) {
      throw new IllegalStateException(db.file() + " is not a request DB");
    }
    return new CertificateTimings(db);
  }

  /**
   * The last live TLS probe of each entry's backends and when it is due again (request DB only).
   */
  public BackendProbes backendProbes() {
    if (!requestDb) {
      throw new IllegalStateException(db.file() + " is not a request DB");
    }
    return new BackendProbes(db);
  }

  /** How many state changes the event log holds (request DB only). */
  public long eventCount() {
    return db.read(
        "counting events",
        c -> Rows.first(c, "SELECT count(*) FROM event", row -> row.getLong(1)).orElseThrow());
  }

  /** The state changes recorded for {@code reference} (request DB only), oldest first. */
  public List<StateEvent> events(String reference) {
    return db.read(
        "reading the events of " + reference,
        c ->
            Rows.list(
                c,
                "SELECT reference, at, from_state, to_state, reason, message FROM event"
                    + " WHERE reference = ? ORDER BY id",
                row ->
                    new StateEvent(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getString(6)),
                reference));
  }

  static void upsert(Connection c, Collection<InstanceRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
      for (InstanceRow row : rows) {
        upsert.setString(1, row.reference());
        upsert.setString(2, row.jsonParameters());
        upsert.setString(3, row.jsonError());
        upsert.setString(4, row.hash());
        upsert.setString(5, row.timestamp());
        upsert.setString(6, row.validParameter());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  static void delete(Connection c, Collection<String> references) throws SQLException {
    if (references.isEmpty()) {
      return;
    }
    try (PreparedStatement delete =
        c.prepareStatement("DELETE FROM instance WHERE reference = ?")) {
      for (String reference : references) {
        delete.setString(1, reference);
        delete.addBatch();
      }
      delete.executeBatch();
    }
  }

  @Override
  public void close() {
    db.close();
  }

  /**
   * Sets {@code key} in {@code node_meta} to {@code value}, or deletes it when {@code value} is
   * null, only if its current value is {@code expected} (absent when {@code expected} is null): a
   * compare-and-set in one transaction, atomic also against other processes using the file.
   *
   * @return whether the value was {@code expected} and so was replaced
   */
  public boolean replaceMeta(String key, String expected, String value) {
    return db.writeNodeMeta(
        "replacing node_meta " + key,
        c -> {
          String current =
              Rows.first(
                      c, "SELECT value FROM node_meta WHERE key = ?", row -> row.getString(1), key)
                  .orElse(null);
          if (!java.util.Objects.equals(current, expected)) {
            return false;
          }
          try (PreparedStatement change =
              c.prepareStatement(
                  value == null
                      ? "DELETE FROM node_meta WHERE key = ?"
                      : "INSERT OR REPLACE INTO node_meta (key, value) VALUES (?, ?)")) {
            change.setString(1, key);
            if (value != null) {
              change.setString(2, value);
            }
            change.executeUpdate();
          }
          return true;
        });
  }
}
