package org.slapos.instancenode.store;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The entries on which the instance DB (desired) and the request DB (observed) may disagree, found
 * by SQLite in one statement over both files: what a level diff must judge, without the pairs that
 * agree ever crossing into Java. At 100,000 agreeing entries this costs about a quarter of a second
 * where reading every summary of both files into maps costs seconds.
 *
 * <p>A pair is <em>settled</em> when both rows exist and hold the same hash and the same state,
 * {@code valid} or {@code stopped} written so, and the request DB records neither an absence nor a
 * certificate timing for the entry: a diff has nothing to do for it now or later. Every other entry
 * is <em>unsettled</em> and listed with its summaries as stored: a hash or a state that differs, a
 * row on one side only, an invalid entry, a state the Python node wrote ({@code 1}, {@code 0}), a
 * value that is not text. Comparisons are SQLite's, byte for byte and type for type, so two values
 * it finds equal are equal Java strings; the converse need not hold, which only lists an entry
 * more.
 *
 * @param desired the instance DB's summaries of the unsettled entries it holds, by reference
 * @param observed the request DB's summaries of the unsettled entries it holds, by reference
 * @param settled how many pairs are settled and left out of both maps
 */
public record StoredDiff(
    Map<String, StoredSummary> desired, Map<String, StoredSummary> observed, int settled) {

  // Joins rather than correlated NOT EXISTS subqueries: SQLite 3.51.1 (sqlite-jdbc's) evaluated
  // such a subquery inside this coalesce as true for an entry it had just found absent (seen by
  // IdlePassTest's trials).
  // absent and certificate_timing are keyed by reference: each join adds no row.
  private static final String SETTLED =
      "o.hash = i.hash AND o.valid_parameter = i.valid_parameter"
          + " AND i.valid_parameter IN ('"
          + InstanceRow.VALID
          + "', '"
          + InstanceRow.STOPPED
          + "') AND a.reference IS NULL AND t.reference IS NULL";

  // One statement, so that both files are read in one snapshot each. Its last row counts the
  // desired rows, the settled ones among them being those not listed.
  private static final String UNSETTLED =
      "SELECT 'pair', i.reference, i.hash, i.valid_parameter, i.timestamp,"
          + " o.reference, o.hash, o.valid_parameter, o.timestamp"
          + " FROM main.instance i LEFT JOIN observed.instance o ON o.reference = i.reference"
          + " LEFT JOIN observed.absent a ON a.reference = i.reference"
          + " LEFT JOIN observed.certificate_timing t ON t.reference = i.reference"
          + " WHERE NOT coalesce("
          + SETTLED
          + ", 0)"
          + " UNION ALL SELECT 'observed', NULL, NULL, NULL, NULL,"
          + " o.reference, o.hash, o.valid_parameter, o.timestamp FROM observed.instance o"
          + " WHERE NOT EXISTS (SELECT 1 FROM main.instance i WHERE i.reference = o.reference)"
          + " UNION ALL SELECT 'rows', count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL"
          + " FROM main.instance";

  public StoredDiff {
    desired = Collections.unmodifiableMap(desired);
    observed = Collections.unmodifiableMap(observed);
  }

  /**
   * Compares {@code instanceDb}'s rows with those of the request DB {@code requestDb}, attached to
   * its connection for the statement.
   *
   * @return empty when a row has no reference: summaries cannot say what a diff makes of it
   * @throws StoreException when either file cannot be read
   */
  static Optional<StoredDiff> between(SqliteDatabase instanceDb, Path requestDb) {
    return instanceDb.read(
        "comparing the instance rows with those of " + requestDb,
        c -> {
          try (PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS observed")) {
            attach.setString(1, requestDb.toString());
            attach.execute();
          }
          try (PreparedStatement select = c.prepareStatement(UNSETTLED);
              ResultSet rows = select.executeQuery()) {
            Map<String, StoredSummary> desired = new HashMap<>();
            Map<String, StoredSummary> observed = new HashMap<>();
            boolean judgeable = true;
            int desiredRows = 0;
            while (rows.next()) {
              String kind = rows.getString(1);
              if (kind.equals("rows")) {
                desiredRows = rows.getInt(2);
                continue;
              }
              if (kind.equals("pair")) {
                String reference = rows.getString(2);
                judgeable &= reference != null;
                desired.put(
                    reference,
                    new StoredSummary(rows.getString(3), rows.getString(4), rows.getString(5)));
              }
              String seen = rows.getString(6);
              if (seen != null) {
                observed.put(
                    seen,
                    new StoredSummary(rows.getString(7), rows.getString(8), rows.getString(9)));
              } else {
                judgeable &= kind.equals("pair");
              }
            }
            return judgeable
                ? Optional.of(new StoredDiff(desired, observed, desiredRows - desired.size()))
                : Optional.empty();
          } finally {
            try (Statement detach = c.createStatement()) {
              detach.execute("DETACH DATABASE observed");
            }
          }
        });
  }
}
