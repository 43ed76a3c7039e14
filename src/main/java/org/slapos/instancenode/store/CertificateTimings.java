package org.slapos.instancenode.store;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * When each entry's served certificate expires and when the entry is due for its next timed
 * re-check (the certificate becoming valid, entering its warning window, expiring), kept in the
 * request DB ({@code certificate_timing}) so that every process on the node, the daemon after a
 * restart and each cron run alike, re-checks it at that moment. Times are Unix milliseconds. A row
 * exists only while one of the two is known; it goes with the entry.
 *
 * <p>Thread-safe, as its database.
 */
public final class CertificateTimings {
  private final SqliteDatabase db;

  CertificateTimings(SqliteDatabase db) {
    this.db = db;
  }

  /**
   * Records the timing of {@code reference}, dropping its row when both are empty; writes nothing
   * when the row already says so, so re-checking an unchanged entry commits nothing here.
   */
  public void record(String reference, Optional<Instant> recheckAt, Optional<Instant> expiresAt) {
    Objects.requireNonNull(reference, "reference");
    Optional<Timing> stored =
        db.read(
            "reading the certificate timing of " + reference,
            c ->
                Rows.first(
                    c,
                    "SELECT recheck_at, expires_at FROM certificate_timing WHERE reference = ?",
                    row -> new Timing(instant(row.getObject(1)), instant(row.getObject(2))),
                    reference));
    Timing wanted = new Timing(recheckAt, expiresAt);
    if (stored.orElse(Timing.NONE).equals(wanted)) {
      return;
    }
    db.write(
        "writing the certificate timing of " + reference,
        c -> {
          if (wanted.equals(Timing.NONE)) {
            try (PreparedStatement delete =
                c.prepareStatement("DELETE FROM certificate_timing WHERE reference = ?")) {
              delete.setString(1, reference);
              return delete.executeUpdate();
            }
          }
          try (PreparedStatement upsert =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO certificate_timing (reference, recheck_at, expires_at)"
                      + " VALUES (?, ?, ?)")) {
            upsert.setString(1, reference);
            bind(upsert, 2, recheckAt);
            bind(upsert, 3, expiresAt);
            return upsert.executeUpdate();
          }
        });
  }

  /** When each entry with a timed re-check is due, by reference: what a pass plans from. */
  public Map<String, Instant> rechecks() {
    return column("recheck_at");
  }

  /** When each entry's served certificate expires, by reference. */
  public Map<String, Instant> expiries() {
    return column("expires_at");
  }

  private Map<String, Instant> column(String name) {
    return db.read(
        "reading the certificate timings",
        c ->
            Rows.byFirstColumn(
                c,
                "SELECT reference, "
                    + name
                    + " FROM certificate_timing WHERE "
                    + name
                    + " IS NOT NULL",
                row -> Instant.ofEpochMilli(row.getLong(2))));
  }

  private static void bind(PreparedStatement statement, int index, Optional<Instant> at)
      throws java.sql.SQLException {
    if (at.isPresent()) {
      statement.setLong(index, at.get().toEpochMilli());
    } else {
      statement.setNull(index, Types.INTEGER);
    }
  }

  private static Optional<Instant> instant(Object millis) {
    return Optional.ofNullable(millis)
        .map(value -> Instant.ofEpochMilli(((Number) value).longValue()));
  }

  private record Timing(Optional<Instant> recheckAt, Optional<Instant> expiresAt) {
    static final Timing NONE = new Timing(Optional.empty(), Optional.empty());
  }
}
