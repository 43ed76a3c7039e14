package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.json.PythonJson;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.NodeRun;
import org.slapos.instancenode.testing.PythonInstanceDb;
import org.slapos.instancenode.testing.SqliteCli;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;
import org.slapos.instancenode.testing.slap.FakeSlapMaster;

/**
 * Switch-over on a partition the Python {@code cdninstancenode} ran on: its request DB and domain
 * DB written as it writes them (its table scripts, {@code valid_parameter} a boolean bound as 1 or
 * 0, {@code stopped} set by {@code setInstanceState}, {@code json.dumps(sort_keys=True)} errors,
 * Unix seconds as text), this node run from cron as Rapid.CDN runs it, against the fake SLAP master
 * (which records bangs) and a DNS server where no challenge record is published; then those files
 * read back as the Python node reads them.
 */
class PythonSwitchOverIT {
  /** The Python implementation's script for the domain DB, verbatim. */
  private static final String DOMAIN_SCHEMA =
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

  private static BindServer dns;

  @TempDir Path dir;
  private NodeDir node;
  private PythonInstanceDb slapos;
  private FakeSlapMaster master;
  private final List<String> requestSql = new ArrayList<>();
  private final List<String> domainSql = new ArrayList<>();
  private final long now = System.currentTimeMillis() / 1000;
  private int runs;

  @BeforeAll
  static void startDns() {
    dns = BindServer.start(DnsZone.zone("example.com"));
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  @BeforeEach
  void partition() throws Exception {
    node = new NodeDir(dir);
    slapos = PythonInstanceDb.create(node.instanceDb());
    master = FakeSlapMaster.http();
    Files.writeString(
        node.config(),
        String.join(
            "\n",
            "[slaposinstancenode]",
            "instance-db-path = " + node.instanceDb(),
            "requestinstance-db-path = " + node.requestDb(),
            "domain-validation-db-path = " + node.domainDb(),
            "shared = true",
            "dns-nameserver = 127.0.0.1:" + dns.address().getPort(),
            "computer-id = " + FakeSlapMaster.COMPUTER_ID,
            "partition-id = " + FakeSlapMaster.PARTITION_ID,
            "server-url = " + master.serverUrl(),
            "report-error = false",
            "instance-retention-delay = 7776000",
            ""));
  }

  @AfterEach
  void stopMaster() {
    master.close();
    master.assertNoProtocolViolations();
  }

  @Test
  void theFirstRunOverPythonDatabasesKeepsWhatDidNotChangeAndSendsNoBang() throws Exception {
    ObjectNode bad = params("bad.example.com").put("https-only", "sometimes");
    slapos
        .change()
        .valid("SERVED", params("served.example.com", "www.served.example.com"))
        .valid("PENDING", params("pending.example.com"))
        .invalid("BAD", bad, "$['https-only']: not in the enumeration")
        .commit();
    slapconfigurationRanBeforeThePythonNode();
    pythonServed("SERVED", params("served.example.com", "www.served.example.com"), "token-s");
    pythonPending("PENDING", params("pending.example.com"), "token-p");
    pythonSchemaInvalid("BAD", bad, "$['https-only']: not in the enumeration");
    // More entries the Python node stopped than entries it serves: not a mass removal.
    for (int i = 1; i <= 5; i++) {
      pythonServed("GONE-" + i, params("gone" + i + ".example.com"), "token-g" + i);
      pythonStopped("GONE-" + i, now - 3600 * i);
    }
    writePythonDatabases();
    String requestBefore = dump(node.requestDb(), "instance");
    String domainBefore = dump(node.domainDb(), "domain_validation");
    String hostsBefore = dump(node.domainDb(), "used_hosts");

    cron();

    assertEquals(List.of(), master.bangs(), "nothing the frontends read changed");
    assertEquals(domainBefore, dump(node.domainDb(), "domain_validation"), "tokens kept");
    assertEquals(hostsBefore, dump(node.domainDb(), "used_hosts"));
    String requestAfter = dump(node.requestDb(), "instance");
    assertEquals(
        without(requestBefore, "PENDING"),
        without(requestAfter, "PENDING"),
        "every row but the pending challenge's, which is checked again, is as Python left it");
    JsonNode pending = row(node.requestDb(), "PENDING");
    JsonNode pendingError = Json.MAPPER.readTree(pending.path("json_error").asText());
    assertEquals("token-p", pendingError.path("txt_value").asText(), pendingError.toString());
    assertEquals("dns-challenge-pending", pendingError.path("reason").asText());
    for (int i = 1; i <= 5; i++) {
      assertEquals(
          List.of(Long.toString(now - 3600 * i)),
          column(node.requestDb(), "SELECT since FROM absent WHERE reference = 'GONE-" + i + "'"),
          "its retention runs from when the Python node stopped it");
    }
    assertTrue(
        column(node.requestDb(), "SELECT value FROM node_meta WHERE key = 'held-removals'").stream()
            .allMatch(String::isEmpty),
        "no removal held");

    cron();
    assertEquals(List.of(), master.bangs(), "nor on the next run");
    assertEquals(requestAfter, dump(node.requestDb(), "instance"), "steady");

    JsonNode python = readAsPython("SERVED", "PENDING", "GONE-1");
    assertEquals(
        PythonInstanceDb.hash(params("served.example.com", "www.served.example.com")),
        python.path("stored_hashes").path("SERVED").asText(),
        "the Python node would find SERVED unmodified");
    JsonNode served = python.path("entries").path("SERVED");
    assertTrue(served.path("validated").asBoolean(), served.toString());
    assertEquals("token-s", served.path("token").asText());
    assertTrue(served.path("host_used").asBoolean(), served.toString());
    assertTrue(python.path("entries").path("GONE-1").path("in_retention").asBoolean());
    assertEquals("token-p", python.path("entries").path("PENDING").path("token").asText());
    assertFalse(python.path("entries").path("PENDING").path("validated").asBoolean());
  }

  @Test
  void anEntryThePythonNodeStoppedWhileServedReclaimsItsDomainWithoutAChallenge() throws Exception {
    // Stopped by the Python node while served; the one stopped while its challenge was pending
    // and the one whose domain another entry validated meanwhile are not given theirs.
    pythonServed("BACK", params("back.example.com", "www.back.example.com"), "token-b");
    pythonStopped("BACK", now - 600);
    pythonPending("WAITED", params("waited.example.com"), "token-w");
    pythonStopped("WAITED", now - 600);
    pythonServed("TAKEN", params("taken.example.com"), "token-t");
    pythonStopped("TAKEN", now - 900);
    pythonServed("OTHER", params("taken.example.com"), "token-o");
    writePythonDatabases();
    slapos
        .change()
        .valid("BACK", params("back.example.com", "www.back.example.com"))
        .valid("WAITED", params("waited.example.com"))
        .valid("TAKEN", params("taken.example.com"))
        .valid("OTHER", params("taken.example.com"))
        .commit();
    slapconfigurationRanBeforeThePythonNode();

    cron();

    assertEquals("valid", node.recordedStates().get("BACK"), "no TXT record is published");
    assertEquals(
        List.of("back.example.com|token-b|1"),
        column(
            node.domainDb(),
            "SELECT domain || '|' || token || '|' || validated FROM domain_validation"
                + " WHERE instance_reference = 'BACK'"));
    assertEquals(
        List.of("back.example.com", "www.back.example.com"),
        column(
            node.domainDb(),
            "SELECT host FROM used_hosts WHERE instance_reference = 'BACK' ORDER BY host"));
    assertEquals("dns-challenge-pending", reason("WAITED"), "never proven: looked up again");
    assertEquals(
        "token-w",
        Json.MAPPER
            .readTree(row(node.requestDb(), "WAITED").path("json_error").asText())
            .path("txt_value")
            .asText(),
        "with the token it had");
    assertEquals("domain-conflict", reason("TAKEN"), "OTHER validated it meanwhile");
    assertEquals("1", node.recordedStates().get("OTHER"), "served, its row as Python wrote it");
    assertEquals(1, master.bangs().size(), "BACK is served again: announced once");

    JsonNode python = readAsPython("BACK", "TAKEN");
    JsonNode back = python.path("entries").path("BACK");
    assertFalse(back.path("in_retention").asBoolean(), back.toString());
    assertTrue(back.path("validated").asBoolean(), back.toString());
    assertEquals("token-b", back.path("token").asText());
    assertTrue(back.path("host_used").asBoolean());
    assertEquals(
        "OTHER", python.path("entries").path("TAKEN").path("validated_for_others").asText());
    assertFalse(
        python.path("reprocessed").toString().contains("\"BACK\""),
        "the Python node would not re-check the served entry: " + python);
  }

  @Test
  void anEntryStillAbsentOnTheFirstRunReclaimsItsDomainWhenItComesBackLater() throws Exception {
    pythonServed("STAYS", params("stays.example.com"), "token-s");
    pythonServed("LATER", params("later.example.com"), "token-l");
    pythonStopped("LATER", now - 600);
    writePythonDatabases();
    slapos.change().valid("STAYS", params("stays.example.com")).commit();
    slapconfigurationRanBeforeThePythonNode();

    cron();
    assertEquals("stopped", node.recordedStates().get("LATER"));
    assertEquals(List.of(), master.bangs());

    slapos.change().valid("LATER", params("later.example.com")).commit();
    cron();

    assertEquals("valid", node.recordedStates().get("LATER"), "no TXT record is published");
    assertEquals(
        List.of("later.example.com|token-l|1"),
        column(
            node.domainDb(),
            "SELECT domain || '|' || token || '|' || validated FROM domain_validation"
                + " WHERE instance_reference = 'LATER'"));
    assertEquals(1, master.bangs().size());
  }

  // --- the Python node's writes ---

  /** Processed and served: {@code updateInstanceInDB} with {@code is_valid} True, its hosts. */
  private void pythonServed(String reference, ObjectNode parameters, String token) {
    requestRow(reference, parameters, "{}", "1");
    validation(reference, parameters.path("custom_domain").asText(), token, true);
    for (String host :
        (parameters.path("custom_domain").asText()
                + " "
                + parameters.path("server-alias").asText(""))
            .trim()
            .split(" +")) {
      domainSql.add(
          "INSERT INTO used_hosts (host, instance_reference) VALUES (%s, %s);"
              .formatted(literal(host), literal(reference)));
    }
  }

  /** Waiting for its TXT record: the token persisted, the row invalid with the instructions. */
  private void pythonPending(String reference, ObjectNode parameters, String token) {
    String domain = parameters.path("custom_domain").asText();
    ObjectNode info = Json.MAPPER.createObjectNode();
    info.put("txt_record", "_slapos-challenge." + domain);
    info.put("txt_value", token);
    info.put(
        "message",
        "Custom domain verification failed. Please add TXT record \"_slapos-challenge.%s\" with value \"%s\"."
            .formatted(domain, token));
    requestRow(reference, parameters, PythonJson.dumps(info), "0");
    validation(reference, domain, token, false);
  }

  /** Refused by slapconfiguration: its error_info stored as the row's json_error. */
  private void pythonSchemaInvalid(String reference, ObjectNode parameters, String error) {
    ObjectNode info = Json.MAPPER.createObjectNode();
    info.putArray("errors").add(error);
    info.put("message", error);
    requestRow(reference, parameters, PythonJson.dumps(info), "0");
  }

  /** {@code shouldDestroyInstance} on a first disappearance. */
  private void pythonStopped(String reference, long at) {
    domainSql.add(
        "UPDATE domain_validation SET validated = 0, timestamp = '%d' WHERE instance_reference = %s;"
            .formatted(at, literal(reference)));
    domainSql.add(
        "DELETE FROM used_hosts WHERE instance_reference=%s;".formatted(literal(reference)));
    requestSql.add(
        "UPDATE instance SET valid_parameter = 'stopped', timestamp = '%d' WHERE reference = %s;"
            .formatted(at, literal(reference)));
  }

  private void requestRow(String reference, ObjectNode parameters, String error, String isValid) {
    // A Python bool bound into the VARCHAR column: stored as the text 1 or 0.
    requestSql.add(
        "INSERT INTO instance (reference, json_parameters, json_error, hash, timestamp,"
            + " valid_parameter) VALUES (%s, %s, %s, %s, '%d', %s);"
                .formatted(
                    literal(reference),
                    literal(PythonJson.dumps(parameters)),
                    literal(error),
                    literal(PythonInstanceDb.hash(parameters)),
                    now - 7200,
                    isValid));
  }

  private void validation(String reference, String domain, String token, boolean validated) {
    domainSql.add(
        "INSERT OR REPLACE INTO domain_validation VALUES (%s, %s, %s, %d, '%d');"
            .formatted(
                literal(reference),
                literal(domain),
                literal(token),
                validated ? 1 : 0,
                now - 7200));
  }

  /** The instance DB's rows were written before the Python node's last run recorded them. */
  private void slapconfigurationRanBeforeThePythonNode() throws IOException, InterruptedException {
    SqliteCli.run(node.instanceDb(), "UPDATE instance SET timestamp = '%d';".formatted(now - 9000));
  }

  private void writePythonDatabases() throws IOException, InterruptedException {
    SqliteCli.run(
        node.requestDb(),
        "PRAGMA journal_mode = WAL;\n"
            + PythonInstanceDb.SCHEMA
            + "BEGIN;\n"
            + String.join("\n", requestSql)
            + "\nCOMMIT;\n");
    SqliteCli.run(
        node.domainDb(),
        "PRAGMA journal_mode = WAL;\n"
            + DOMAIN_SCHEMA
            + "BEGIN;\n"
            + String.join("\n", domainSql)
            + "\nCOMMIT;\n");
  }

  // --- reading back ---

  private JsonNode readAsPython(String... references) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("python3");
    command.add(Path.of("src/test/resources/python/python_node_reader.py").toString());
    command.add(node.requestDb().toString());
    command.add(node.domainDb().toString());
    command.addAll(List.of(references));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), out);
    return Json.MAPPER.readTree(out);
  }

  private String reason(String reference) throws IOException, InterruptedException {
    return Json.MAPPER
        .readTree(row(node.requestDb(), reference).path("json_error").asText())
        .path("reason")
        .asText();
  }

  private static JsonNode row(Path db, String reference) throws IOException, InterruptedException {
    return SqliteCli.query(
            db, "SELECT * FROM instance WHERE reference = " + literal(reference) + ";")
        .get(0);
  }

  private static List<String> column(Path db, String sql) throws IOException, InterruptedException {
    List<String> values = new ArrayList<>();
    SqliteCli.query(db, sql + ";").forEach(row -> values.add(row.elements().next().asText()));
    return values;
  }

  /** Every row of {@code table}, as the sqlite3 tool prints it, in a stable order. */
  private static String dump(Path db, String table) throws IOException, InterruptedException {
    return SqliteCli.run(db, "SELECT * FROM " + table + " ORDER BY 1, 2;");
  }

  private static String without(String dump, String reference) {
    return String.join(
        "\n", dump.lines().filter(line -> !line.startsWith(reference + "|")).toList());
  }

  private void cron() throws IOException, InterruptedException {
    NodeRun run =
        NodeRun.of(
            dir.resolve("run-" + ++runs),
            "--cfg",
            node.config().toString(),
            "--pidfile",
            dir.resolve("instancenode.pid").toString());
    assertEquals(0, run.exitCode(), run.err());
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static ObjectNode params(String domain, String... aliases) {
    ObjectNode params =
        Json.MAPPER
            .createObjectNode()
            .put("url", "https://backend.example.net:8443")
            .put("custom_domain", domain);
    if (aliases.length > 0) {
      params.put("server-alias", String.join(" ", aliases));
    }
    return params;
  }
}
