package org.slapos.instancenode.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Brings a file's schema to the latest of an ordered list of migrations. */
final class SchemaMigrator {
  private static final String CREATE_SCHEMA_VERSION =
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL)";

  private SchemaMigrator() {}

  /** Fails unless the versions are exactly 1, 2, 3... in order. */
  static void checkOrder(List<Migration> migrations) {
    for (int i = 0; i < migrations.size(); i++) {
      if (migrations.get(i).version() != i + 1) {
        throw new IllegalArgumentException(
            "migration at position "
                + i
                + " has version "
                + migrations.get(i).version()
                + ", expected "
                + (i + 1));
      }
    }
  }

  /**
   * Applies every migration newer than the file's version, each in its own transaction with its
   * {@code schema_version} row. Applies nothing to a file already at the latest version; refuses a
   * file whose version is newer than the latest known migration.
   */
  static void migrate(SqliteDatabase db, List<Migration> migrations) {
    int current = db.read("reading the schema version", SchemaMigrator::currentVersion);
    if (current > migrations.size()) {
      throw new StoreException(
          db.file(),
          "schema version "
              + current
              + " is newer than the latest this program knows ("
              + migrations.size()
              + "); it was written by a newer cdn-instance-node, upgrade this one");
    }
    for (Migration migration : migrations.subList(current, migrations.size())) {
      db.write(
          "applying migration " + migration.version() + " (" + migration.name() + ")",
          connection -> apply(connection, migration));
    }
  }

  private static Void apply(Connection connection, Migration migration) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(CREATE_SCHEMA_VERSION);
      // Another process may have migrated the file since we read its version.
      if (currentVersion(connection) >= migration.version()) {
        return null;
      }
      for (String sql : migration.statements()) {
        statement.execute(sql);
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO schema_version (version, name) VALUES (?, ?)")) {
      insert.setInt(1, migration.version());
      insert.setString(2, migration.name());
      insert.executeUpdate();
    }
    return null;
  }

  private static int currentVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try (ResultSet table =
          statement.executeQuery(
              "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
        if (!table.next()) {
          return 0;
        }
      }
      try (ResultSet max = statement.executeQuery("SELECT max(version) FROM schema_version")) {
        return max.next() ? max.getInt(1) : 0;
      }
    }
  }
}
