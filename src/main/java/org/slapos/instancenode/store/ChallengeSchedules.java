package org.slapos.instancenode.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The re-check schedule of pending DNS challenges, kept in the domain DB ({@code
 * challenge_schedule}) so that every process on the node, the daemon and each cron run alike,
 * follows one schedule. Times are stored as Unix milliseconds. A row exists only while its entry's
 * challenge is pending; it goes with the entry.
 *
 * <p>Thread-safe, as its database. Each call is one statement or one transaction.
 */
public final class ChallengeSchedules {
  private static final String COLUMNS =
      "instance_reference, hash, policy, since, next_check, attempts, seen";

  private static final String RESET = "UPDATE challenge_schedule SET next_check = 0, attempts = 0";

  private final SqliteDatabase db;

  ChallengeSchedules(SqliteDatabase db) {
    this.db = db;
  }

  /** The schedule of {@code reference}, if its challenge is pending. */
  public Optional<ChallengeSchedule> find(String reference) {
    return db.read(
        "reading the challenge schedule of " + reference,
        c ->
            Rows.first(
                c,
                "SELECT " + COLUMNS + " FROM challenge_schedule WHERE instance_reference = ?",
                row ->
                    new ChallengeSchedule(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        Instant.ofEpochMilli(row.getLong(4)),
                        Instant.ofEpochMilli(row.getLong(5)),
                        row.getInt(6),
                        row.getString(7)),
                reference));
  }

  /** Inserts or replaces the schedule of {@code s.instanceReference()}. */
  public void put(ChallengeSchedule s) {
    db.write(
        "writing the challenge schedule of " + s.instanceReference(),
        c -> {
          try (PreparedStatement upsert =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO challenge_schedule ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            upsert.setString(1, s.instanceReference());
            upsert.setString(2, s.hash());
            upsert.setString(3, s.policy());
            upsert.setLong(4, s.since().toEpochMilli());
            upsert.setLong(5, s.nextCheck().toEpochMilli());
            upsert.setInt(6, s.attempts());
            upsert.setString(7, s.seen());
            return upsert.executeUpdate();
          }
        });
  }

  /** Drops the schedule of {@code reference}: its challenge is no longer pending. */
  public void remove(String reference) {
    db.write("dropping the challenge schedule of " + reference, c -> delete(c, reference));
  }

  static int delete(Connection c, String reference) throws SQLException {
    try (PreparedStatement delete =
        c.prepareStatement("DELETE FROM challenge_schedule WHERE instance_reference = ?")) {
      delete.setString(1, reference);
      return delete.executeUpdate();
    }
  }

  /** When each pending challenge is due next, by reference: what a pass plans from. */
  public Map<String, Instant> nextChecks() {
    return db.read(
        "reading the challenge schedules",
        c ->
            Rows.byFirstColumn(
                c,
                "SELECT instance_reference, next_check FROM challenge_schedule",
                row -> Instant.ofEpochMilli(row.getLong(2))));
  }

  /**
   * Starts the schedule of every pending challenge again: each is due now, and its next pending
   * lookup counts as its first ({@code attempts} 0, {@code next_check} 0).
   *
   * @return how many schedules were reset
   */
  public int resetAll() {
    return db.write(
        "resetting every challenge schedule",
        c -> {
          try (PreparedStatement update = c.prepareStatement(RESET)) {
            return update.executeUpdate();
          }
        });
  }

  /**
   * Starts the schedules of {@code references} again, as {@link #resetAll} does, in one
   * transaction.
   *
   * @return how many of them had a pending challenge and so were reset
   */
  public int reset(Collection<String> references) {
    return db.write(
        "resetting " + references.size() + " challenge schedules",
        c -> {
          int reset = 0;
          try (PreparedStatement update =
              c.prepareStatement(RESET + " WHERE instance_reference = ?")) {
            for (String reference : references) {
              update.setString(1, reference);
              reset += update.executeUpdate();
            }
          }
          return reset;
        });
  }
}
