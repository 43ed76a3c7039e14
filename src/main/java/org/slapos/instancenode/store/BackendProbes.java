package org.slapos.instancenode.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The last live TLS probe of each entry's backends, kept in the request DB ({@code backend_probe})
 * with when it is due again, so that the daemon after a restart and every cron run alike probe an
 * entry once per interval. A row exists while the entry has backends to probe: the reconcile says
 * which ({@link #expect}), the prober fills the outcome ({@link #record}). The outcome is opaque
 * text here (the {@code cdn} package writes and reads it). Times are Unix milliseconds.
 *
 * <p>Thread-safe, as its database.
 */
public final class BackendProbes {
  private final SqliteDatabase db;

  BackendProbes(SqliteDatabase db) {
    this.db = db;
  }

  /**
   * One entry's row.
   *
   * @param targets what the row is for (a digest of the backends and authorities probed)
   * @param outcome what the last probe saw; empty until the first probe of these targets
   */
  public record Stored(String targets, Instant nextProbeAt, Optional<String> outcome) {}

  public Optional<Stored> find(String reference) {
    return db.read(
        "reading the backend probe of " + reference,
        c ->
            Rows.first(
                c,
                "SELECT targets, next_probe_at, outcome FROM backend_probe WHERE reference = ?",
                row ->
                    new Stored(
                        row.getString(1),
                        Instant.ofEpochMilli(row.getLong(2)),
                        Optional.ofNullable(row.getString(3))),
                reference));
  }

  /**
   * The entry's backends are now {@code targets} (empty: nothing to probe): a new or changed value
   * starts a row due at {@code now} with no outcome, empty drops the row; an unchanged value writes
   * nothing.
   *
   * @param known the entry's row as just read by {@link #find} (so it is not read twice)
   */
  public void expect(
      String reference, Optional<Stored> known, Optional<String> targets, Instant now) {
    Objects.requireNonNull(reference, "reference");
    if (known.map(Stored::targets).equals(targets)) {
      return;
    }
    db.write(
        "writing the backend probe of " + reference,
        c -> {
          if (targets.isEmpty()) {
            try (PreparedStatement delete =
                c.prepareStatement("DELETE FROM backend_probe WHERE reference = ?")) {
              delete.setString(1, reference);
              return delete.executeUpdate();
            }
          }
          try (PreparedStatement upsert =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO backend_probe (reference, targets, next_probe_at)"
                      + " VALUES (?, ?, ?)")) {
            upsert.setString(1, reference);
            upsert.setString(2, targets.get());
            upsert.setLong(3, now.toEpochMilli());
            return upsert.executeUpdate();
          }
        });
  }

  /** The entries whose probe is due at {@code now}. */
  public List<String> due(Instant now) {
    return db.read(
        "reading the due backend probes",
        c ->
            Rows.list(
                c,
                "SELECT reference FROM backend_probe WHERE next_probe_at <= CAST(? AS INTEGER)"
                    + " ORDER BY next_probe_at",
                row -> row.getString(1),
                Long.toString(now.toEpochMilli())));
  }

  /**
   * Records a probe of {@code targets} made at {@code probedAt}, due again at {@code next}; nothing
   * when the entry's targets changed meanwhile (that row waits for its own first probe).
   */
  public void record(
      String reference, String targets, String outcome, Instant probedAt, Instant next) {
    db.write(
        "recording the backend probe of " + reference,
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE backend_probe SET outcome = ?, probed_at = ?, next_probe_at = ?"
                      + " WHERE reference = ? AND targets = ?")) {
            update.setString(1, outcome);
            update.setLong(2, probedAt.toEpochMilli());
            update.setLong(3, next.toEpochMilli());
            update.setString(4, reference);
            update.setString(5, targets);
            return update.executeUpdate();
          }
        });
  }
}
