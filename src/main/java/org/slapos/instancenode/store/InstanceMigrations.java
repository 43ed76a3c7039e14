package org.slapos.instancenode.store;

import java.util.List;
import java.util.stream.Stream;

/**
 * The migrations of the instance DB and the request DB: the Python implementation's table first,
 * verbatim, so a file it created is adopted unchanged; then the node's own tables, never changes to
 * the meaning of upstream columns.
 */
final class InstanceMigrations {
  /** The Python implementation's schema, verbatim, so a file it created is adopted unchanged. */
  static final List<Migration> COMMON =
      List.of(
          new Migration(
              1,
              "instance table of the Python implementation",
              """
              CREATE TABLE IF NOT EXISTS instance (
                  reference VARCHAR(255), -- unique instance reference
                  json_parameters TEXT,
                  json_error TEXT,
                  hash VARCHAR(255),
                  timestamp VARCHAR(255),
                  valid_parameter VARCHAR(255), -- 'valid', 'invalid', or 'stopped'
                  PRIMARY KEY (reference)
                  )""",
              "CREATE INDEX IF NOT EXISTS idx_reference ON instance(reference)",
              "CREATE INDEX IF NOT EXISTS idx_valid_parameter ON instance(valid_parameter)",
              "CREATE INDEX IF NOT EXISTS idx_hash ON instance(hash)"),
          new Migration(
              2,
              "node_meta: facts the node keeps about the file as a whole",
              "CREATE TABLE node_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"));

  /** The instance DB adds the digests of what the desired-state source gave. */
  static final List<Migration> INSTANCE_DB =
      Stream.concat(
              COMMON.stream(),
              Stream.of(
                  new Migration(
                      3,
                      "source_digest: digest of the parameters as the source gave them",
                      "CREATE TABLE source_digest (reference TEXT PRIMARY KEY, digest TEXT NOT NULL)")))
          .toList();

  /** The request DB adds the lifecycle's own tables. */
  static final List<Migration> REQUEST_DB =
      Stream.concat(
              COMMON.stream(),
              Stream.of(
                  new Migration(
                      3,
                      "event log of state changes, and since when absent entries are absent",
                      """
                      CREATE TABLE event (
                          id INTEGER PRIMARY KEY AUTOINCREMENT,
                          reference TEXT NOT NULL,
                          at TEXT NOT NULL,
                          from_state TEXT,
                          to_state TEXT,
                          reason TEXT,
                          message TEXT)""",
                      "CREATE INDEX idx_event_reference ON event(reference)",
                      "CREATE TABLE absent (reference TEXT PRIMARY KEY, since TEXT NOT NULL)"),
                  new Migration(
                      4,
                      "published: what was last sent to the master per entry and channel",
                      """
                      CREATE TABLE published (
                          reference TEXT NOT NULL,
                          channel TEXT NOT NULL,
                          content TEXT NOT NULL,
                          at TEXT NOT NULL,
                          PRIMARY KEY (reference, channel))"""),
                  new Migration(
                      5,
                      "certificate_timing: when each entry's certificate expires and is due again",
                      // Kept here so cron runs re-check an expiring certificate at its moment too.
                      """
                      CREATE TABLE certificate_timing (
                          reference TEXT PRIMARY KEY,
                          recheck_at INTEGER,
                          expires_at INTEGER)"""),
                  new Migration(
                      6,
                      "backend_probe: the last live TLS probe of each entry's backends",
                      // Observed state with its own schedule, so cron runs respect the interval.
                      """
                      CREATE TABLE backend_probe (
                          reference TEXT PRIMARY KEY,
                          targets TEXT NOT NULL,
                          next_probe_at INTEGER NOT NULL,
                          outcome TEXT,
                          probed_at INTEGER)""",
                      "CREATE INDEX idx_backend_probe_next ON backend_probe(next_probe_at)")))
          .toList();

  private InstanceMigrations() {}
}
