package org.slapos.instancenode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.testing.PythonInstanceDb;
import org.slapos.instancenode.testing.SqliteCli;

/**
 * Files created the way the Python implementation creates them (its exact schema scripts, run by
 * another SQLite) are adopted unchanged, and what we write reads back as Python expects.
 */
class PythonCompatibilityTest {
  /** The Python implementation's script for the instance DB and the request DB, verbatim. */
  private static final String PYTHON_DOMAIN_SCHEMA =
      """
      CREATE TABLE IF NOT EXISTS domain_validation (
          instance_reference VARCHAR(255) unique,
          domain VARCHAR(255),
          token VARCHAR(255),
          validated BOOLEAN,
          timestamp VARCHAR(255),
          PRIMARY KEY (instance_reference)
          );
          CREATE INDEX IF NOT EXISTS idx_instance_reference ON domain_validation(instance_reference);
          CREATE TABLE IF NOT EXISTS used_hosts (
            host VARCHAR(255),
            instance_reference VARCHAR(255),
            PRIMARY KEY (host, instance_reference)
          );
          CREATE INDEX IF NOT EXISTS idx_host ON used_hosts(host);
          CREATE INDEX IF NOT EXISTS idx_instance_reference_hosts ON used_hosts(instance_reference);
      """;

  private static final String HASH_1 = "a".repeat(64);
  private static final String HASH_2 = "b".repeat(64);
  private static final InstanceRow PYTHON_VALID =
      new InstanceRow(
          "SHARED-1",
          "{\"custom_domain\": \"www.example.com\", \"url\": \"https://backend.example.com\"}",
          "{}",
          HASH_1,
          "1700000000",
          "valid");
  private static final InstanceRow PYTHON_INVALID =
      new InstanceRow(
          "SHARED-2",
          "{\"url\": \"not a url\"}",
          "{\"message\": \"Parameters are invalid\", \"errors\": [\"/url: not a URI\"]}",
          HASH_2,
          "1700000042",
          "invalid");

  @TempDir Path dir;

  @Test
  void instanceFileCreatedByPythonIsAdoptedUnchanged() throws Exception {
    Path file = dir.resolve("instance.db");
    SqliteCli.run(
        file,
        PythonInstanceDb.SCHEMA
            + "INSERT OR REPLACE INTO instance (reference, json_parameters, json_error, hash,"
            + " timestamp, valid_parameter) VALUES "
            + values(PYTHON_VALID)
            + ", "
            + values(PYTHON_INVALID)
            + ";");
    String schemaBefore = schema(file);
    JsonNode rowsBefore = SqliteCli.query(file, "SELECT * FROM instance ORDER BY reference;");

    try (InstanceStore store = InstanceStore.open(file)) {
      assertEquals(List.of(PYTHON_VALID, PYTHON_INVALID), store.all());
      assertEquals(Optional.of(PYTHON_INVALID), store.find("SHARED-2"));
    }

    assertEquals(schemaBefore, schema(file));
    assertEquals(rowsBefore, SqliteCli.query(file, "SELECT * FROM instance ORDER BY reference;"));
    assertEquals(
        "1|instance table of the Python implementation\n"
            + "2|node_meta: facts the node keeps about the file as a whole\n"
            + "3|source_digest: digest of the parameters as the source gave them\n",
        SqliteCli.run(file, "SELECT version, name FROM schema_version;"));
  }

  @Test
  void pythonReadsTheRowsOfAFileWeCreated() throws Exception {
    Path file = dir.resolve("request.db");
    InstanceRow stopped =
        new InstanceRow("SHARED-3", "{}", "{}", HASH_1, "1700000100", InstanceRow.STOPPED);
    try (InstanceStore store = InstanceStore.open(file)) {
      store.write(List.of(PYTHON_VALID, PYTHON_INVALID, stopped), List.of());
      // What the Python implementation runs first whenever it opens the file.
      SqliteCli.run(file, PythonInstanceDb.SCHEMA);

      JsonNode rows =
          SqliteCli.query(
              file,
              "SELECT reference, json_parameters, json_error, hash, timestamp, valid_parameter,"
                  + " typeof(timestamp) AS timestamp_type FROM instance ORDER BY reference;");

      assertEquals(3, rows.size());
      assertEquals(asJson(PYTHON_VALID, "text"), rows.get(0));
      assertEquals(asJson(PYTHON_INVALID, "text"), rows.get(1));
      assertEquals(asJson(stopped, "text"), rows.get(2));
    }
  }

  @Test
  void domainFileCreatedByPythonIsAdoptedAndReadBack() throws Exception {
    Path file = dir.resolve("domain.db");
    SqliteCli.run(
        file,
        PYTHON_DOMAIN_SCHEMA
            + "INSERT INTO domain_validation (instance_reference, domain, token, validated,"
            + " timestamp) VALUES ('SHARED-1', 'www.example.com', 'tok-1', 1, '1700000000'),"
            + " ('SHARED-2', 'shop.example.com', 'tok-2', 0, '1700000001');"
            + "INSERT INTO used_hosts (host, instance_reference) VALUES"
            + " ('www.example.com', 'SHARED-1'), ('example.com', 'SHARED-1');");
    JsonNode rowsBefore =
        SqliteCli.query(file, "SELECT * FROM domain_validation ORDER BY instance_reference;");

    try (DomainStore store = DomainStore.open(file)) {
      assertEquals(
          Optional.of(
              new DomainValidation("SHARED-1", "www.example.com", "tok-1", true, "1700000000")),
          store.find("SHARED-1"));
      assertEquals(
          Optional.of(
              new DomainValidation("SHARED-2", "shop.example.com", "tok-2", false, "1700000001")),
          store.find("SHARED-2"));
      assertEquals(Set.of("example.com", "www.example.com"), store.hosts("SHARED-1"));
      assertEquals(
          rowsBefore,
          SqliteCli.query(file, "SELECT * FROM domain_validation ORDER BY instance_reference;"));

      store.put(new DomainValidation("SHARED-2", "shop.example.com", "tok-2", true, "1700000500"));
      store.put(new DomainValidation("SHARED-3", "cdn.example.org", "tok-3", false, "1700000600"));

      assertEquals(
          "SHARED-1|1|integer\nSHARED-2|1|integer\nSHARED-3|0|integer\n",
          SqliteCli.run(
              file,
              "SELECT instance_reference, validated, typeof(validated) FROM domain_validation"
                  + " ORDER BY instance_reference;"));
    }
  }

  private static String values(InstanceRow row) {
    return "('%s', '%s', '%s', '%s', '%s', '%s')"
        .formatted(
            row.reference(),
            row.jsonParameters(),
            row.jsonError(),
            row.hash(),
            row.timestamp(),
            row.validParameter());
  }

  private static JsonNode asJson(InstanceRow row, String timestampType) {
    return Json.MAPPER
        .createObjectNode()
        .put("reference", row.reference())
        .put("json_parameters", row.jsonParameters())
        .put("json_error", row.jsonError())
        .put("hash", row.hash())
        .put("timestamp", row.timestamp())
        .put("valid_parameter", row.validParameter())
        .put("timestamp_type", timestampType);
  }

  /** Every upstream table and index with its SQL, as Python's code and operators see them. */
  private static String schema(Path file) throws Exception {
    return SqliteCli.run(
        file,
        "SELECT type, name, tbl_name, sql FROM sqlite_master"
            + " WHERE tbl_name NOT IN ('schema_version', 'node_meta', 'source_digest')"
            + " ORDER BY name;");
  }
}
