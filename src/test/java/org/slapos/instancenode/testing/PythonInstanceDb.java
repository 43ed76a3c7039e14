package org.slapos.instancenode.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.ParameterHash;
import org.slapos.instancenode.json.PythonJson;
import org.slapos.instancenode.store.InstanceRow;

/**
 * An instance DB written the way SlapOS's slapconfiguration ({@code JsonSchemaWithDB}, through
 * {@code SharedInstanceResultDB}) writes it, for the drop-in mode: by another process and another
 * SQLite build (the {@code sqlite3} tool), with Python's schema script run on every open, one
 * transaction per update, {@code json_parameters} serialised as {@code json.dumps(params,
 * sort_keys=True)} and hashed with SHA-256, {@code timestamp} in Unix seconds as text, and {@code
 * json_error} either {@code {}} or {@code {"errors": [...], "message": "..."}} (the errors joined
 * with {@code "; "}).
 */
public final class PythonInstanceDb {
  /** The Python implementation's script for the instance DB, verbatim. */
  public static final String SCHEMA =
      """
      CREATE TABLE IF NOT EXISTS instance (
          reference VARCHAR(255), -- unique instance reference
          json_parameters TEXT,
          json_error TEXT,
          hash VARCHAR(255),
          timestamp VARCHAR(255),
          valid_parameter VARCHAR(255), -- 'valid', 'invalid', or 'stopped'
          PRIMARY KEY (reference)
          );
          CREATE INDEX IF NOT EXISTS idx_reference ON instance(reference);
          CREATE INDEX IF NOT EXISTS idx_valid_parameter ON instance(valid_parameter);
          CREATE INDEX IF NOT EXISTS idx_hash ON instance(hash);
      """;

  private final Path file;
  private final Clock clock;

  private PythonInstanceDb(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /** Creates {@code file} (or opens it) as Python does: its schema script, in WAL mode. */
  public static PythonInstanceDb create(Path file) throws IOException, InterruptedException {
    PythonInstanceDb db = new PythonInstanceDb(file, Clock.systemUTC());
    db.change().commit();
    return db;
  }

  /** Starts one update, committed as one transaction by {@link Change#commit()}. */
  public Change change() {
    return new Change();
  }

  /** The SHA-256 Python records for {@code parameters}. */
  public static String hash(ObjectNode parameters) {
    return ParameterHash.of(parameters);
  }

  /** The rows of one update, as slapconfiguration writes them after one validation run. */
  public final class Change {
    private final List<String> statements = new ArrayList<>();

    private Change() {}

    /** Records {@code reference} as valid. */
    public Change valid(String reference, ObjectNode parameters) {
      return put(reference, parameters, "{}", InstanceRow.VALID);
    }

    /** Records {@code reference} as invalid with the schema {@code errors}. */
    public Change invalid(String reference, ObjectNode parameters, String... errors) {
      ObjectNode error = Json.MAPPER.createObjectNode();
      ArrayNode list = error.putArray("errors");
      for (String e : errors) {
        list.add(e);
      }
      error.put("message", String.join("; ", errors));
      return put(reference, parameters, PythonJson.dumps(error), InstanceRow.INVALID);
    }

    /** Records {@code reference} as stopped by its owner. */
    public Change stopped(String reference, ObjectNode parameters) {
      return put(reference, parameters, "{}", InstanceRow.STOPPED);
    }

    /** Deletes the rows of {@code references}: they left the host instance. */
    public Change delete(String... references) {
      for (String reference : references) {
        statements.add("DELETE FROM instance WHERE reference = " + literal(reference) + ";");
      }
      return this;
    }

    /** Deletes every row. */
    public Change deleteAll() {
      statements.add("DELETE FROM instance;");
      return this;
    }

    private Change put(String reference, ObjectNode parameters, String error, String state) {
      String timestamp = Long.toString(clock.instant().getEpochSecond());
      statements.add(
          "INSERT OR REPLACE INTO instance (reference, json_parameters, json_error, hash,"
              + " timestamp, valid_parameter) VALUES ("
              + String.join(
                  ", ",
                  literal(reference),
                  literal(PythonJson.dumps(parameters)),
                  literal(error),
                  literal(hash(parameters)),
                  literal(timestamp),
                  literal(state))
              + ");");
      return this;
    }

    /** Runs the schema script, then the changes in one transaction. */
    public void commit() throws IOException, InterruptedException {
      SqliteCli.run(
          file,
          "PRAGMA journal_mode = WAL;\n"
              + SCHEMA
              + "BEGIN;\n"
              + String.join("\n", statements)
              + "\nCOMMIT;\n");
    }

    private static String literal(String text) {
      return "'" + text.replace("'", "''") + "'";
    }
  }
}
