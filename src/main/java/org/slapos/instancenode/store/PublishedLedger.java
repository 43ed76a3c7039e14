package org.slapos.instancenode.store;

import java.util.Optional;

/**
 * What was last sent to the master for each entry, per channel (an error message, a connection
 * parameter dict, an instance request), kept in the request DB so that an identical write is not
 * sent again, also after a restart. A row is recorded only after the master accepted the write; the
 * rows of an entry go when the entry is forgotten.
 *
 * <p>Thread-safe, as its database.
 */
public final class PublishedLedger {
  private final SqliteDatabase db;

  PublishedLedger(SqliteDatabase db) {
    this.db = db;
  }

  /** What was last published for {@code reference} on {@code channel}, if anything. */
  public Optional<String> last(String reference, String channel) {
    return db.read(
        "reading what was published for " + reference,
        c ->
            Rows.first(
                c,
                "SELECT content FROM published WHERE reference = ? AND channel = ?",
                row -> row.getString(1),
                reference,
                channel));
  }

  /** Records that the master accepted {@code content} for {@code reference} on {@code channel}. */
  public void record(String reference, String channel, String content, String at) {
    db.write(
        "recording what was published for " + reference,
        c -> {
          try (var upsert =
              c.prepareStatement(
                  "INSERT OR REPLACE INTO published (reference, channel, content, at)"
                      + " VALUES (?, ?, ?, ?)")) {
            upsert.setString(1, reference);
            upsert.setString(2, channel);
            upsert.setString(3, content);
            upsert.setString(4, at);
            return upsert.executeUpdate();
          }
        });
  }

  /** Forgets what was published for {@code reference} on {@code channel}. */
  public void forget(String reference, String channel) {
    db.write(
        "forgetting what was published for " + reference,
        c -> {
          try (var delete =
              c.prepareStatement("DELETE FROM published WHERE reference = ? AND channel = ?")) {
            delete.setString(1, reference);
            delete.setString(2, channel);
            return delete.executeUpdate();
          }
        });
  }
}
