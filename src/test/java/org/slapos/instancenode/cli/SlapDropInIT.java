package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.engine.BangCoordinator;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.NodeRun;
import org.slapos.instancenode.testing.PythonInstanceDb;
import org.slapos.instancenode.testing.SqliteCli;
import org.slapos.instancenode.testing.dns.EveryTokenPublished;
import org.slapos.instancenode.testing.slap.FakeSlapMaster;
import org.slapos.instancenode.testing.slap.SlapRequest;
import org.slapos.instancenode.testing.tls.TestPki;

/**
 * Drop-in on a SlapOS partition: the packaged jar run as Rapid.CDN's cron runs it ({@code --cfg
 * --pidfile --logfile}), with a configuration holding exactly the keys Rapid.CDN's template renders
 * (so the master is named by {@code server-url} and spoken to in SLAP), against the fake SLAP
 * master.
 */
class SlapDropInIT {
  private static final String A = "SHARED-A";
  private static final String B = "SHARED-B";
  private static final TestPki PKI = TestPki.create("slap master CA");

  @TempDir Path dir;
  private NodeDir node;
  private PythonInstanceDb slapos;
  private FakeSlapMaster master;
  private int runs;

  @BeforeEach
  void partition() throws Exception {
    node = new NodeDir(dir);
    slapos = PythonInstanceDb.create(node.instanceDb());
    Files.createDirectories(publishFile().getParent());
    Files.createDirectories(pidfile().getParent());
    // Rapid.CDN's cluster has published both entries: they can be served once valid.
    Files.writeString(publishFile(), "[publish-" + A + "]\n[publish-" + B + "]\n");
  }

  @AfterEach
  void stopMaster() {
    if (master != null) {
      master.close();
      master.assertNoProtocolViolations();
    }
  }

  @Test
  void bangsReachTheSlapMasterAfterValidityChangesAndNeverOnASteadyRun() throws Exception {
    master = FakeSlapMaster.http();
    writeRapidCdnConfig(master.serverUrl(), false);
    slapos.change().valid(A, params("a.example.com")).valid(B, params("b.example.com")).commit();

    NodeRun first = cron();
    assertEquals(1, master.bangs().size(), "the added entries are announced: " + first.err());
    assertEquals(List.of(BangCoordinator.MESSAGE), master.bangs());
    assertEquals(Map.of(A, "valid", B, "valid"), node.recordedStates());
    assertTrue(log().contains("bang of the host instance sent"), log());

    cronMinutePasses();
    cron();
    assertEquals(1, master.bangs().size(), "a steady run tells the master nothing");
    assertEquals(1, master.calls().size(), master.calls().toString());

    cronMinutePasses();
    slapos.change().valid(B, params("b.example.com").put("server-alias", "www.other.org")).commit();
    cron();
    assertEquals("invalid", node.recordedStates().get(B));
    assertEquals(2, master.bangs().size(), "B stopped being served: the host must re-render");
    assertEquals(
        List.of(), master.calls(FakeSlapMaster.ERROR), "report-error = false reports nothing");

    cronMinutePasses();
    cron();
    assertEquals(2, master.bangs().size(), "steady again");
  }

  @Test
  void reportErrorSendsEachFailingEntrysErrorOnce() throws Exception {
    master = FakeSlapMaster.http();
    writeRapidCdnConfig(master.serverUrl(), true);
    slapos
        .change()
        .valid(A, params("a.example.com"))
        .valid(B, params("b.example.com").put("server-alias", "www.other.org"))
        .invalid("C", params("c.example.com"), "slapconfiguration already reported this")
        .commit();

    cron();
    cronMinutePasses();
    cron();

    assertEquals(
        List.of(), master.errors("C"), "schema errors are slapconfiguration's to report, not ours");
    List<String> errors = master.errors(B);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.getFirst().contains("www.other.org"), errors.getFirst());
    assertEquals(List.of(), master.errors(A), "nothing is reported for a valid entry");
    assertEquals(B, master.calls(FakeSlapMaster.ERROR).getFirst().form().get("slave_reference"));
  }

  @Test
  void freshSchemaErrorsWithUnchangedParametersReachTheRequestDbOnTheNextRun() throws Exception {
    master = FakeSlapMaster.http();
    writeRapidCdnConfig(master.serverUrl(), false);
    ObjectNode c = params("c.example.com").put("https-only", "sometimes");
    slapos
        .change()
        .valid(A, params("a.example.com"))
        .invalid("C", c, "old schema's error")
        .commit();
    cron();
    long recordedAt = Long.parseLong(recordedTimestamp("C"));
    while (Instant.now().getEpochSecond() <= recordedAt) {
      Thread.sleep(50); // slapconfiguration's next run is a later second
    }

    slapos.change().invalid("C", c, "new schema's error", "another one").commit();
    cron();

    JsonNode error =
        Json.MAPPER.readTree(
            SqliteCli.query(
                    node.requestDb(), "SELECT json_error FROM instance WHERE reference = 'C';")
                .get(0)
                .get("json_error")
                .asText());
    assertEquals(
        "new schema's error; another one", error.path("message").asText(), error.toString());
    assertEquals("another one", error.path("errors").path(1).asText(), error.toString());
    assertEquals("invalid", node.recordedStates().get("C"));
    String rewrittenAt = recordedTimestamp("C");

    cron();
    assertEquals(rewrittenAt, recordedTimestamp("C"), "recorded once, not rewritten every run");
  }

  private String recordedTimestamp(String reference) throws IOException, InterruptedException {
    return SqliteCli.query(
            node.requestDb(),
            "SELECT timestamp FROM instance WHERE reference = '" + reference + "';")
        .get(0)
        .get("timestamp")
        .asText();
  }

  @Test
  void anOwedBangStaysOwedWhileTheMasterIsDownAndIsSentOnceItAnswers() throws Exception {
    master = FakeSlapMaster.http();
    writeRapidCdnConfig(master.serverUrl(), false);
    master.failAlways(FakeSlapMaster.BANG, 503);
    slapos.change().valid(A, params("a.example.com")).commit();

    assertEquals(0, cron().exitCode(), "a master outage does not fail the cron job");
    assertTrue(log().contains("bang of the host instance failed; it stays owed"), log());
    cronMinutePasses();
    cron();
    assertTrue(bangOwed(), "still owed after a second run against a master that is down");
    assertEquals(List.of(), master.bangs());

    master.clearFaults();
    cronMinutePasses();
    cron();
    assertEquals(List.of(BangCoordinator.MESSAGE), master.bangs());
    assertFalse(bangOwed());

    cronMinutePasses();
    cron();
    assertEquals(1, master.bangs().size(), "sent once, not again");
  }

  @Test
  void mutualTlsWithThePartitionCertificateReachesTheMaster() throws Exception {
    master = FakeSlapMaster.https(PKI);
    Path ca = dir.resolve("master-ca.pem");
    PKI.writeCertificate(ca);
    writeRapidCdnConfig(master.serverUrl(), false, "master-ca-file = " + ca);
    slapos.change().valid(A, params("a.example.com")).commit();

    cron();

    assertEquals(List.of(BangCoordinator.MESSAGE), master.bangs());
  }

  @Test
  void aMasterTheTrustStoreRefusesIsOneClearMessageNamingMasterCaFile() throws Exception {
    master = FakeSlapMaster.https(PKI);
    writeRapidCdnConfig(master.serverUrl(), false);
    slapos.change().valid(A, params("a.example.com")).commit();

    NodeRun run = cron();

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of(), master.bangs());
    assertTrue(bangOwed());
    assertTrue(
        log().contains("not signed by a CA in the system trust store (name the master's CA with"),
        log());
    assertTrue(log().contains("master-ca-file"), log());
    assertFalse(log().contains("PRIVATE KEY"), "no secret in the log");
  }

  @Test
  void serverUrlWithoutPartitionIdIsAConfigurationErrorNamingIt() throws Exception {
    master = FakeSlapMaster.http();
    writeRapidCdnConfig(master.serverUrl(), false);
    Files.writeString(
        node.config(),
        Files.readString(node.config())
            .replace("partition-id = " + FakeSlapMaster.PARTITION_ID, ""));

    CommandRun run = CommandRun.of("--cfg", node.config().toString());

    assertEquals(2, run.exitCode(), run.err());
    assertTrue(
        run.err().contains("'server-url' (the SLAP master) requires 'partition-id'"), run.err());
    assertEquals(List.of(), master.calls());
  }

  @Test
  void genericKindRequestsOverSlapWaitsThrough408PublishesAndDestroys() throws Exception {
    master = FakeSlapMaster.http();
    Files.writeString(
        node.config(),
        String.join(
            "\n",
            "[slaposinstancenode]",
            "kind = generic",
            "instance-db-path = " + node.instanceDb(),
            "requestinstance-db-path = " + node.requestDb(),
            "computer-id = " + FakeSlapMaster.COMPUTER_ID,
            "partition-id = " + FakeSlapMaster.PARTITION_ID,
            "server-url = " + master.serverUrl(),
            "software-url = https://lab.example.com/software/kvm/software.cfg",
            "software-type = default",
            "shared = false",
            "request-name-prefix = node-",
            "sla-computer_guid = COMP-9",
            "report-error = true",
            ""));
    String title = "node-" + A;
    slapos.change().valid(A, Json.MAPPER.createObjectNode().put("name", "one")).commit();
    master.requestsNotReady(true);

    cron();
    cron();
    assertEquals(2, master.requests().size(), "asked again while not allocated");
    SlapRequest requested = master.requests().getLast();
    assertEquals(title, requested.partitionReference());
    assertEquals("started", requested.state());
    assertEquals("https://lab.example.com/software/kvm/software.cfg", requested.softwareRelease());
    assertEquals(Map.of("name", "one"), requested.parameters());
    assertEquals(Map.of("computer_guid", "COMP-9"), requested.filter());
    assertEquals("invalid", node.recordedStates().get(A), "cluster-deploying while not ready");

    master.requestsNotReady(false);
    master.publish(title, Map.of("url", "https://one.example.net"));
    cron();
    assertEquals("valid", node.recordedStates().get(A));
    assertEquals(List.of(Map.of("url", "https://one.example.net")), master.connections(A));
    assertEquals(
        A, master.calls(FakeSlapMaster.CONNECTION).getFirst().form().get("slave_reference"));
    int requests = master.requests().size();

    cron();
    assertEquals(requests, master.requests().size(), "a steady run requests nothing");
    assertEquals(1, master.calls(FakeSlapMaster.CONNECTION).size(), "nor publishes again");

    slapos.change().delete(A).commit();
    cron();
    // Removing every entry is held by the safety valve until a second pass sees the same.
    assertEquals(requests, master.requests().size(), "held for one run");
    cron();
    assertEquals("destroyed", master.requests().getLast().state());
    assertEquals(title, master.requests().getLast().partitionReference());
    assertEquals(Map.of(), node.recordedStates(), "forgotten once destroyed");
  }

  /**
   * The keys Rapid.CDN's template renders for its instance node, in its order; {@code extra} only
   * for what a test cannot do without (its own CA).
   */
  private void writeRapidCdnConfig(String serverUrl, boolean reportError, String... extra)
      throws IOException {
    Path cert = dir.resolve("etc/slapos/cert");
    Path key = dir.resolve("etc/slapos/key");
    Files.createDirectories(cert.getParent());
    TestPki.Issued identity =
        serverUrl.startsWith("https:")
            ? master.clientCertificate()
            : PKI.client(TestPki.KeyType.EC, "partition");
    identity.writeCertificate(cert);
    identity.writeKey(key, TestPki.KeyFormat.TRADITIONAL);
    String text =
        String.join(
            "\n",
            "[slaposinstancenode]",
            "instance-db-path = " + node.instanceDb(),
            "requestinstance-db-path = " + node.requestDb(),
            "domain-validation-db-path = " + node.domainDb(),
            "shared = true",
            "openssl-binary = /usr/bin/openssl",
            "dns-nameserver = " + EveryTokenPublished.serving(node.domainDb()).nameserver(),
            "key-file = " + key,
            "cert-file = " + cert,
            "computer-id = " + FakeSlapMaster.COMPUTER_ID,
            "partition-id = " + FakeSlapMaster.PARTITION_ID,
            "server-url = " + serverUrl,
            "report-error = " + reportError,
            "timestamp-path = " + dir.resolve("var/instancenode.timestamp"),
            "instance-retention-delay = 7776000",
            "publish-slave-information-file = " + publishFile(),
            String.join("\n", extra),
            "");
    Files.writeString(node.config(), text);
  }

  private NodeRun cron() throws IOException, InterruptedException {
    NodeRun run =
        NodeRun.of(
            dir.resolve("run-" + ++runs),
            "--cfg",
            node.config().toString(),
            "--pidfile",
            pidfile().toString(),
            "--logfile",
            logfile().toString());
    assertEquals(0, run.exitCode(), run.err() + "\n" + log());
    return run;
  }

  /**
   * Cron's next minute: the last bang attempt is moved back past {@code bang-min-interval} (one
   * minute by default), as if the time between two cron runs had passed.
   */
  private void cronMinutePasses() throws IOException, InterruptedException {
    SqliteCli.run(
        node.requestDb(),
        "UPDATE node_meta SET value = '"
            + Instant.now().minusSeconds(120)
            + "' WHERE key = '"
            + BangCoordinator.LAST_ATTEMPT_KEY
            + "';");
  }

  private boolean bangOwed() throws IOException, InterruptedException {
    return !SqliteCli.query(
            node.requestDb(),
            "SELECT value FROM node_meta WHERE key = '" + BangCoordinator.OWED_KEY + "';")
        .isEmpty();
  }

  private String log() throws IOException {
    return Files.exists(logfile()) ? Files.readString(logfile()) : "";
  }

  private Path publishFile() {
    return dir.resolve("etc/publish-slave-information.cfg");
  }

  private Path pidfile() {
    return dir.resolve("var/run/instancenode.pid");
  }

  private Path logfile() {
    return dir.resolve("var/log/instancenode.log");
  }

  private static ObjectNode params(String domain) {
    return Json.MAPPER
        .createObjectNode()
        .put("url", "https://backend.example.net:8443")
        .put("custom_domain", domain);
  }
}
