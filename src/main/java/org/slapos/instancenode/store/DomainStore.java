package org.slapos.instancenode.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The domain DB: DNS challenge tokens per entry ({@code domain_validation}) and the host names each
 * entry uses ({@code used_hosts}).
 *
 * <p>Host names and domains are compared exactly as given: callers normalise them (lower case, no
 * trailing dot) before storing or looking them up.
 *
 * <p>Thread-safe: see {@link SqliteDatabase}. Each call is one statement or one transaction.
 */
public final class DomainStore implements AutoCloseable {
  static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "domain tables of the Python implementation",
              """
              CREATE TABLE IF NOT EXISTS domain_validation (
                  instance_reference VARCHAR(255) unique,
                  domain VARCHAR(255),
                  token VARCHAR(255),
                  validated BOOLEAN,
                  timestamp VARCHAR(255),
                  PRIMARY KEY (instance_reference)
                  )""",
              "CREATE INDEX IF NOT EXISTS idx_instance_reference"
                  + " ON domain_validation(instance_reference)",
              """
              CREATE TABLE IF NOT EXISTS used_hosts (
                host VARCHAR(255),
                instance_reference VARCHAR(255),
                PRIMARY KEY (host, instance_reference)
              )""",
              "CREATE INDEX IF NOT EXISTS idx_host ON used_hosts(host)",
              "CREATE INDEX IF NOT EXISTS idx_instance_reference_hosts"
                  + " ON used_hosts(instance_reference)"),
          new Migration(
              2,
              "index domain_validation by domain",
              // validatedByOther runs once per entry: without it a pass would be quadratic.
              "CREATE INDEX IF NOT EXISTS idx_domain_validation_domain"
                  + " ON domain_validation(domain)"),
          new Migration(
              3,
              "reclaimable: validated domains of entries that went away, kept for their return",
              // Python's row says validated = false for a stopped entry, whether it ever was
              // validated or not; this table remembers which ones were.
              "CREATE TABLE reclaimable (instance_reference TEXT PRIMARY KEY, domain TEXT NOT NULL)"),
          new Migration(
              4,
              "challenge_schedule: when each pending DNS challenge is looked up next",
              // Kept here so cron runs follow the daemon's re-check schedule (ChallengeSchedules).
              """
              CREATE TABLE challenge_schedule (
                  instance_reference TEXT PRIMARY KEY,
                  hash TEXT NOT NULL,
                  policy TEXT NOT NULL,
                  since INTEGER NOT NULL,
                  next_check INTEGER NOT NULL,
                  attempts INTEGER NOT NULL,
                  seen TEXT NOT NULL)"""));

  private static final String COLUMNS = "instance_reference, domain, token, validated, timestamp";
  private static final String VALIDATED_BY_OTHER =
      "SELECT "
          + COLUMNS
          + " FROM domain_validation WHERE domain = ? AND validated"
          + " AND instance_reference != ? ORDER BY instance_reference LIMIT 1";

  private final SqliteDatabase db;

  private DomainStore(SqliteDatabase db) {
    this.db = db;
  }

  /** The file behind this store, for {@link GroupCommit}. */
  SqliteDatabase database() {
    return db;
  }

  /** Opens (creating it if needed) a domain DB; see {@link SqliteDatabase#open}. */
  public static DomainStore open(Path file) {
    return open(file, IntegrityCheck.FULL);
  }

  /** Opens (creating it if needed) a domain DB; see {@link SqliteDatabase#open}. */
  public static DomainStore open(Path file, IntegrityCheck check) {
    return new DomainStore(SqliteDatabase.open(file, MIGRATIONS, check));
  }

  /**
   * Opens an existing domain DB read-only, for commands run beside the node; see {@link
   * SqliteDatabase#openReadOnly}.
   */
  public static DomainStore openReadOnly(Path file) {
    return new DomainStore(SqliteDatabase.openReadOnly(file));
  }

  /** The absolute path of the file. */
  public Path file() {
    return db.file();
  }

  /** Copies the file to {@code target}; see {@link SqliteDatabase#backup}. */
  public void backup(Path target) {
    db.backup(target);
  }

  /** The re-check schedules of pending challenges. */
  public ChallengeSchedules schedules() {
    return new ChallengeSchedules(db);
  }

  /** The challenge of {@code reference}, if it has one. */
  public Optional<DomainValidation> find(String reference) {
    return db.read(
        "reading the domain validation of " + reference,
        c ->
            queryOne(
                c,
                "SELECT " + COLUMNS + " FROM domain_validation WHERE instance_reference = ?",
                reference));
  }

  /**
   * A validated challenge for {@code domain} held by an entry other than {@code reference}; the
   * first by reference if there are several.
   */
  public Optional<DomainValidation> validatedByOther(String domain, String reference) {
    return db.read(
        "looking for another validation of " + domain,
        c -> queryOne(c, VALIDATED_BY_OTHER, domain, reference));
  }

  private static Optional<DomainValidation> queryOne(Connection c, String sql, String... params)
      throws SQLException {
    try (PreparedStatement select = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        select.setString(i + 1, params[i]);
      }
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new DomainValidation(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getInt(4) != 0,
                row.getString(5)));
      }
    }
  }

  /**
   * Inserts or replaces the challenge of {@code v.instanceReference()}, committed before it returns
   * even under a group commit: a new token is persisted before DNS is asked for it or a message
   * shows it, and the user's record can only hold a committed one.
   */
  public void put(DomainValidation v) {
    db.writeNow("writing the domain validation of " + v.instanceReference(), c -> upsert(c, v));
  }

  /**
   * Records that {@code reference} proved control of {@code domain} with {@code token}, unless
   * another entry holds a validated challenge for {@code domain}: the first validated claimant
   * keeps a domain. Check and change are one transaction, so of several entries (in this process or
   * another) validating the same domain at once, exactly one wins.
   *
   * @param timestamp Unix seconds as text: when the proof was seen
   * @return true when recorded; false, with nothing changed, when another entry holds the domain
   */
  public boolean validate(String reference, String domain, String token, String timestamp) {
    return db.write(
        "validating " + domain + " for " + reference,
        c -> {
          if (queryOne(c, VALIDATED_BY_OTHER, domain, reference).isPresent()) {
            return false;
          }
          upsert(c, new DomainValidation(reference, domain, token, true, timestamp));
          return true;
        });
  }

  /**
   * Withdraws the validation of {@code reference}, which left the desired state, in one
   * transaction: its row says not validated (as the Python implementation has it), and the domain
   * is remembered as reclaimable by the same entry. Nothing happens when it was not validated.
   */
  public void suspend(String reference, String timestamp) {
    db.write(
        "suspending the domain validation of " + reference,
        c -> {
          Optional<DomainValidation> current =
              queryOne(
                  c,
                  "SELECT " + COLUMNS + " FROM domain_validation WHERE instance_reference = ?",
                  reference);
          if (current.isEmpty() || !current.get().validated()) {
            return 0;
          }
          DomainValidation v = current.get();
          upsert(c, new DomainValidation(reference, v.domain(), v.token(), false, timestamp));
          return update(
              c,
              "INSERT OR REPLACE INTO reclaimable (instance_reference, domain) VALUES (?, ?)",
              reference,
              v.domain());
        });
  }

  /**
   * Remembers the domain of {@code reference}'s challenge as reclaimable by it, for an entry the
   * Python node stopped while it was served: that node sets {@code validated} to false on a stop
   * whether the domain was validated or not, and the stopped row is what tells which. Nothing
   * happens when it has no challenge or its challenge is still validated.
   */
  public void remember(String reference) {
    db.write(
        "remembering the domain of " + reference,
        c ->
            update(
                c,
                "INSERT OR REPLACE INTO reclaimable (instance_reference, domain)"
                    + " SELECT instance_reference, domain FROM domain_validation"
                    + " WHERE instance_reference = ? AND NOT validated AND domain IS NOT NULL",
                reference));
  }

  /**
   * Gives {@code reference} back the validation of {@code domain} it had before it went away,
   * without a new challenge, in one transaction: only when it was validated for that same domain
   * and no other entry validated the domain meanwhile. The reclaim marker goes either way.
   *
   * @return whether the domain is validated for {@code reference} again
   */
  public boolean reclaim(String reference, String domain, String timestamp) {
    return db.write(
        "reclaiming " + domain + " for " + reference,
        c -> {
          Optional<String> marked =
              Rows.first(
                  c,
                  "SELECT domain FROM reclaimable WHERE instance_reference = ?",
                  row -> row.getString(1),
                  reference);
          if (marked.isEmpty()) {
            return false;
          }
          update(c, "DELETE FROM reclaimable WHERE instance_reference = ?", reference);
          Optional<DomainValidation> current =
              queryOne(
                  c,
                  "SELECT " + COLUMNS + " FROM domain_validation WHERE instance_reference = ?",
                  reference);
          if (!marked.get().equals(domain)
              || current.isEmpty()
              || !current.get().domain().equals(domain)
              || queryOne(c, VALIDATED_BY_OTHER, domain, reference).isPresent()) {
            return false;
          }
          upsert(
              c, new DomainValidation(reference, domain, current.get().token(), true, timestamp));
          return true;
        });
  }

  private static int update(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setString(i + 1, params[i]);
      }
      return statement.executeUpdate();
    }
  }

  private static int upsert(Connection c, DomainValidation v) throws SQLException {
    try (PreparedStatement upsert =
        c.prepareStatement(
            "INSERT INTO domain_validation ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT(instance_reference) DO UPDATE SET"
                + " domain = excluded.domain, token = excluded.token,"
                + " validated = excluded.validated, timestamp = excluded.timestamp")) {
      upsert.setString(1, v.instanceReference());
      upsert.setString(2, v.domain());
      upsert.setString(3, v.token());
      upsert.setInt(4, v.validated() ? 1 : 0);
      upsert.setString(5, v.timestamp());
      return upsert.executeUpdate();
    }
  }

  /** The hosts {@code reference} holds, in host order. */
  public Set<String> hosts(String reference) {
    return db.read(
        "reading the hosts of " + reference,
        c -> {
          Set<String> hosts = new LinkedHashSet<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT host FROM used_hosts WHERE instance_reference = ? ORDER BY host")) {
            select.setString(1, reference);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                hosts.add(rows.getString(1));
              }
            }
          }
          return Collections.unmodifiableSet(hosts);
        });
  }

  /** An entry other than {@code excludingReference} that holds {@code host}, if any. */
  public Optional<String> hostOwner(String host, String excludingReference) {
    return db.read(
        "looking for the owner of host " + host, c -> owner(c, host, excludingReference));
  }

  private static Optional<String> owner(Connection c, String host, String excludingReference)
      throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT instance_reference FROM used_hosts WHERE host = ?"
                + " AND instance_reference != ? ORDER BY instance_reference LIMIT 1")) {
      select.setString(1, host);
      select.setString(2, excludingReference);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * Makes {@code hosts} exactly the hosts of {@code reference}, unless another entry holds any of
   * them. Check and change are one transaction, so of several entries (in this process or another)
   * claiming the same host at once, exactly one wins.
   *
   * @return true when the claim was recorded; false, with nothing changed, on a conflict
   */
  public boolean claimHosts(String reference, Set<String> hosts) {
    return db.write(
        "claiming hosts for " + reference,
        c -> {
          for (String host : hosts) {
            if (owner(c, host, reference).isPresent()) {
              return false;
            }
          }
          deleteHosts(c, reference);
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO used_hosts (host, instance_reference) VALUES (?, ?)")) {
            for (String host : hosts) {
              insert.setString(1, host);
              insert.setString(2, reference);
              insert.addBatch();
            }
            if (!hosts.isEmpty()) {
              insert.executeBatch();
            }
          }
          return true;
        });
  }

  /** Releases every host {@code reference} holds. */
  public void releaseHosts(String reference) {
    db.write("releasing the hosts of " + reference, c -> deleteHosts(c, reference));
  }

  /** Releases those of {@code hosts} that {@code reference} holds, in one transaction. */
  public void releaseHosts(String reference, Set<String> hosts) {
    db.write(
        "releasing " + hosts.size() + " hosts of " + reference,
        c -> {
          try (PreparedStatement delete =
              c.prepareStatement(
                  "DELETE FROM used_hosts WHERE instance_reference = ? AND host = ?")) {
            for (String host : hosts) {
              delete.setString(1, reference);
              delete.setString(2, host);
              delete.addBatch();
            }
            return delete.executeBatch().length;
          }
        });
  }

  /** Deletes the challenge, its schedule and the hosts of {@code reference}, in one transaction. */
  public void forget(String reference) {
    db.write(
        "forgetting " + reference,
        c -> {
          deleteHosts(c, reference);
          ChallengeSchedules.delete(c, reference);
          update(c, "DELETE FROM reclaimable WHERE instance_reference = ?", reference);
          return update(c, "DELETE FROM domain_validation WHERE instance_reference = ?", reference);
        });
  }

  private static int deleteHosts(Connection c, String reference) throws SQLException {
    try (PreparedStatement delete =
        c.prepareStatement("DELETE FROM used_hosts WHERE instance_reference = ?")) {
      delete.setString(1, reference);
      return delete.executeUpdate();
    }
  }

  @Override
  public void close() {
    db.close();
  }
}
