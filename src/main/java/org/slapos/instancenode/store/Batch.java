package org.slapos.instancenode.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Changes to an instance or request DB committed in one transaction, so a state change, its event
 * and the facts that announce it (such as a pending bang) are never committed apart. Not
 * thread-safe: one batch belongs to one thread; build it, then {@link #commit()} once.
 */
public final class Batch {
  private final SqliteDatabase db;
  private final boolean requestDb;
  private final Map<String, InstanceRow> upserts = new LinkedHashMap<>();
  private final Map<String, Boolean> deletions = new LinkedHashMap<>();
  private final Map<String, String> meta = new LinkedHashMap<>();
  private final List<StateEvent> events = new ArrayList<>();
  private final Map<String, String> absent = new LinkedHashMap<>();
  private final Map<String, String> digests = new LinkedHashMap<>();
  private final List<String> present = new ArrayList<>();

  Batch(SqliteDatabase db, boolean requestDb) {
    this.db = db;
    this.requestDb = requestDb;
  }

  /** Inserts or replaces a row; the last upsert of a reference wins. */
  public Batch upsert(InstanceRow row) {
    if (deletions.containsKey(row.reference())) {
      throw conflict(row.reference());
    }
    upserts.put(row.reference(), row);
    return this;
  }

  /** Deletes a row, and its absence date. */
  public Batch delete(String reference) {
    if (upserts.containsKey(reference)) {
      throw conflict(reference);
    }
    deletions.put(reference, true);
    absent.remove(reference);
    return this;
  }

  /** Sets a {@code node_meta} value. */
  public Batch meta(String key, String value) {
    meta.put(key, value);
    return this;
  }

  /** Records the digest of an entry's parameters as the source gave them (instance DB only). */
  public Batch sourceDigest(String reference, String digest) {
    if (requestDb) {
      throw new IllegalStateException(db.file() + " is a request DB, not an instance DB");
    }
    digests.put(reference, digest);
    return this;
  }

  /** Appends to the event log (request DB only). */
  public Batch event(StateEvent event) {
    requireRequestDb();
    events.add(event);
    return this;
  }

  /** Records since when an entry is absent from the desired state (request DB only). */
  public Batch absent(String reference, String since) {
    requireRequestDb();
    absent.put(reference, since);
    return this;
  }

  /** Clears an entry's absence date: it is desired again (request DB only). */
  public Batch present(String reference) {
    requireRequestDb();
    present.add(reference);
    return this;
  }

  /** True when committing would change nothing. */
  public boolean isEmpty() {
    return meta.isEmpty() && onlyMeta();
  }

  /** True when nothing but {@code node_meta} would change. */
  private boolean onlyMeta() {
    return upserts.isEmpty()
        && deletions.isEmpty()
        && events.isEmpty()
        && absent.isEmpty()
        && present.isEmpty()
        && digests.isEmpty();
  }

  /** Commits every change in one transaction; does nothing when the batch is empty. */
  public void commit() {
    commit(null);
  }

  /**
   * {@link #commit()}, then {@code onCommitted} once the changes are committed: at once outside a
   * {@link GroupCommit} scope, later with the group inside one, never when they are lost. It must
   * be quick and must not throw.
   */
  public void commit(Runnable onCommitted) {
    if (isEmpty()) {
      if (onCommitted != null) {
        onCommitted.run();
      }
      return;
    }
    SqliteDatabase.SqlWork<Void> work =
        c -> {
          InstanceStore.upsert(c, upserts.values());
          InstanceStore.delete(c, deletions.keySet());
          if (requestDb) {
            List<String[]> noLongerAbsent =
                Stream.concat(deletions.keySet().stream(), present.stream())
                    .map(r -> new String[] {r})
                    .toList();
            run(c, "DELETE FROM absent WHERE reference = ?", noLongerAbsent);
            run(
                c,
                "DELETE FROM published WHERE reference = ?",
                deletions.keySet().stream().map(r -> new String[] {r}).toList());
            run(
                c,
                "DELETE FROM certificate_timing WHERE reference = ?",
                deletions.keySet().stream().map(r -> new String[] {r}).toList());
            run(
                c,
                "DELETE FROM backend_probe WHERE reference = ?",
                deletions.keySet().stream().map(r -> new String[] {r}).toList());
          } else {
            run(
                c,
                "DELETE FROM source_digest WHERE reference = ?",
                deletions.keySet().stream().map(r -> new String[] {r}).toList());
            run(
                c,
                "INSERT OR REPLACE INTO source_digest (reference, digest) VALUES (?, ?)",
                pairs(digests));
          }
          run(c, "INSERT OR REPLACE INTO absent (reference, since) VALUES (?, ?)", pairs(absent));
          run(c, "INSERT OR REPLACE INTO node_meta (key, value) VALUES (?, ?)", pairs(meta));
          run(
              c,
              "INSERT INTO event (reference, at, from_state, to_state, reason, message)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              events.stream()
                  .map(
                      e ->
                          new String[] {
                            e.reference(),
                            e.at(),
                            e.fromState(),
                            e.toState(),
                            e.reason(),
                            e.message()
                          })
                  .toList());
          return null;
        };
    String what = "writing " + upserts.size() + " rows and deleting " + deletions.size();
    db.write(what, work, onCommitted, !onlyMeta());
  }

  private static List<String[]> pairs(Map<String, String> map) {
    return map.entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()}).toList();
  }

  private static void run(Connection c, String sql, List<String[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          statement.setString(i + 1, row[i]);
        }
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private void requireRequestDb() {
    if (!requestDb) {
      throw new IllegalStateException(db.file() + " is not a request DB");
    }
  }

  private static IllegalArgumentException conflict(String reference) {
    return new IllegalArgumentException(
        "instance " + reference + " is both written and deleted in one batch");
  }
}
