package org.slapos.instancenode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.config.ConfigFiles.failure;
import static org.slapos.instancenode.config.ConfigFiles.minimalWith;
import static org.slapos.instancenode.config.ConfigFiles.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NodeConfigErrorsTest {
  @TempDir Path dir;

  /** The only problem of the minimal file plus {@code extraLines}. */
  private String onlyProblem(String... extraLines) {
    List<String> problems = failure(minimalWith(dir, extraLines)).problems();
    assertEquals(1, problems.size(), problems::toString);
    return problems.get(0);
  }

  private List<String> problems(String... extraLines) {
    return failure(minimalWith(dir, extraLines)).problems();
  }

  private String at(int line) {
    return dir.resolve("node.cfg") + ":" + line + ": ";
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "kind                     | nginx              | must be one of: cdn, generic",
        "desired-state            | cloud              | must be instance-db, master or file:PATH",
        "desired-state            | 'file:'            | must be instance-db, master or file:PATH",
        "workers                  | 0                  | from 1 to 256",
        "workers                  | 257                | from 1 to 256",
        "workers                  | four               | from 1 to 256",
        "master-qps               | 0                  | greater than zero",
        "master-qps               | -1                 | greater than zero",
        "master-qps               | fast               | greater than zero",
        "master-burst             | 0                  | at least 1",
        "resync-period            | 0                  | greater than zero",
        "resync-period            | -5s                | must be a duration",
        "resync-period            | 5x                 | must be a duration",
        "bang-min-interval        | soon               | must be a duration",
        "instance-retention-delay | -1                 | must be a duration",
        "dns-timeout              | 0ms                | greater than zero",
        "dns-concurrency          | 2000               | from 1 to 1024",
        "dns-mode                 | fast               | must be one of: recursive, authoritative",
        "dns-entry-name           | -challenge         | single DNS label",
        "dns-entry-name           | _a.b               | single DNS label",
        "dns-nameserver           | ns1.example.com    | host names are refused",
        "dns-nameserver           | 127.0.0.1:0        | bad port",
        "dns-nameserver           | 127.0.0.1:65536    | bad port",
        "dns-nameserver           | [::1]:99999        | bad port",
        "dns-nameserver           | '1.1.1.1,'         | empty",
        "dns-nameserver           | 300.1.1.1          | not a valid IPv4 address",
        "dns-nameserver           | zz::1              | not a valid IPv6 address",
        "challenge-recheck-min    | 0                  | greater than zero",
        "cert-expiry-warning      | month              | must be a duration",
        "backend-probe            | strict             | must be one of: off, warn, enforce",
        "backend-probe-interval   | 0                  | greater than zero",
        "backend-probe-concurrency | 0                 | from 1 to 64",
        "backend-probe-timeout    | soon               | must be a duration",
        "backend-probe-allow-private | perhaps         | must be true/false",
        "metrics-address          | 9742               | the port is missing",
        "metrics-address          | 127.0.0.1:99999    | bad port",
        "metrics-address          | ::1:9742           | brackets",
        "log-format               | xml                | must be one of: text, json",
        "debug                    | maybe              | must be true/false",
        "shared                   | 2                  | must be true/false",
        "report-error             | on                 | must be true/false",
        "unstringify              | ja                 | must be true/false",
        "master-api-url           | ftp://example.com  | http:// or https://",
        "master-api-url           | not a url          | not a valid URL",
      })
  void aBadValueIsReportedWithItsKeyValueAndLine(String key, String value, String expected) {
    String problem = onlyProblem("# line 5", key + " = " + value);
    assertTrue(
        problem.startsWith(at(6) + "key '" + key + "' has a bad value '" + value + "': "), problem);
    assertTrue(problem.contains(expected), problem);
  }

  @Test
  void anUnknownKeyIsNamedWithTheClosestKnownKey() {
    assertEquals(
        at(5) + "unknown key 'wrokers' in section [slaposinstancenode] (did you mean 'workers'?)",
        onlyProblem("wrokers = 4"));
    assertEquals(
        at(5) + "unknown key 'frobnicate' in section [slaposinstancenode]",
        onlyProblem("frobnicate = 1"));
  }

  @Test
  void aMissingSectionIsNamed() {
    Path file = write(dir, "[instancenode]\ninstance-db-path = x\n");
    assertEquals(
        file + ": no section [slaposinstancenode] (found [instancenode])",
        failure(file).getMessage());
  }

  @Test
  void everyProblemIsReportedTogetherInFileOrder() {
    Path file =
        write(
            dir,
            """
            [slaposinstancenode]
            workers = 0
            requestinstance-db-path = /srv/request.db
            domain-validation-db-path = /srv/domain.db
            kind = nginx
            colour = blue
            """);
    ConfigException e = failure(file);
    List<String> problems = e.problems();
    assertEquals(4, problems.size(), problems::toString);
    assertTrue(problems.get(0).startsWith(file + ":1: missing required key 'instance-db-path'"));
    assertTrue(problems.get(1).startsWith(file + ":2: key 'workers' has a bad value '0'"));
    assertTrue(problems.get(2).startsWith(file + ":5: key 'kind' has a bad value 'nginx'"));
    assertTrue(problems.get(3).startsWith(file + ":6: unknown key 'colour'"));
    assertEquals(String.join("\n", problems), e.getMessage());
  }

  @Test
  void thePythonDefaultSecretIsRefusedWithoutBeingEchoed() {
    String problem = onlyProblem("verification-secret = slapos-cdn-secret");
    assertTrue(problem.startsWith(at(5) + "key 'verification-secret'"), problem);
    assertTrue(problem.contains("verification-secret-file"), problem);
    assertTrue(problem.contains("Remove the key"), problem);
    assertFalse(problem.contains("slapos-cdn-secret"), problem);
  }

  @Test
  void anEmptySecretIsRefusedNotTreatedAsUnset() {
    String problem = onlyProblem("verification-secret =");
    assertTrue(problem.startsWith(at(5) + "key 'verification-secret' is empty."), problem);
    assertTrue(problem.contains("Remove the key"), problem);
  }

  @Test
  void theSecretNeverAppearsInAnyMessage() {
    String secret = "Zq8-secret-value-Xy1";
    ConfigException e =
        failure(
            minimalWith(
                dir,
                "verification-secret = " + secret,
                "verification-secret-file = /etc/secret",
                "verification-secrets = " + secret,
                "workers = " + "0"));
    assertEquals(3, e.problems().size(), e.problems()::toString);
    assertFalse(e.getMessage().contains(secret), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "kind = generic                                 | kind = generic requires 'software-url'",
        "kind = generic                                 | kind = generic requires 'software-type'",
        "desired-state = master\\nslave-schema = s.json | desired-state = master requires 'master-api-url'",
        "desired-state = master\\nslave-schema = s.json | desired-state = master requires 'instance-guid'",
        "master-api-url = http://127.0.0.1:8080          | 'master-api-url' requires 'instance-guid', or 'computer-id' and 'partition-id'",
        "server-url = http://127.0.0.1:8080\\ncomputer-id = COMP-1 | 'server-url' (the SLAP master) requires 'partition-id'",
        "server-url = http://127.0.0.1:8080\\npartition-id = slappart0 | 'server-url' (the SLAP master) requires 'computer-id'",
        "desired-state = file:x.json                    | desired-state = file:... needs 'slave-schema' or 'software-schema'",
        "slave-schema = a.json\\nsoftware-schema = b.json\\nsoftware-type = t | either 'slave-schema' or 'software-schema', not both",
        "software-schema = software.cfg.json            | 'software-schema' needs 'software-type'",
        "verification-secret = x9\\nverification-secret-file = s | either 'verification-secret' or 'verification-secret-file'",
        "key-file = partition.key                       | 'key-file' and 'cert-file' go together",
        "cert-file = partition.crt                      | 'key-file' and 'cert-file' go together",
        "challenge-recheck-min = 2h                     | must not be shorter than 'challenge-recheck-min'",
      })
  void crossKeyRulesAreChecked(String lines, String expected) {
    List<String> problems = problems(lines.strip().replace("\\n", "\n"));
    assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), problems::toString);
  }

  @Test
  void masterModeNeedsASchema() {
    String problem =
        onlyProblem(
            "desired-state = master",
            "master-api-url = https://panel.example.com/api",
            "instance-guid = SOFTINST-1");
    assertEquals(
        at(5)
            + "desired-state = master needs 'slave-schema' or 'software-schema' to validate the"
            + " entries",
        problem);
  }

  @Test
  void cdnKindNeedsTheDomainDb() {
    Path file =
        write(
            dir,
            """
            [slaposinstancenode]
            instance-db-path = i.db
            requestinstance-db-path = r.db
            """);
    assertEquals(
        file + ":1: kind = cdn (the default) requires 'domain-validation-db-path'",
        failure(file).getMessage());
  }

  @Test
  void aBadValueDoesNotAlsoTriggerTheRulesThatDependOnIt() {
    Path file =
        write(
            dir,
            """
            [slaposinstancenode]
            instance-db-path = i.db
            requestinstance-db-path = r.db
            kind = bogus
            desired-state = nowhere
            challenge-recheck-max = never
            """);
    assertEquals(3, failure(file).problems().size(), () -> failure(file).problems().toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "slave-schema",
        "software-schema",
        "verification-secret-file",
        "master-ca-file",
        "publish-slave-information-file",
        "logfile"
      })
  void aFileKeyNamingADirectoryIsAConfigurationErrorAtItsLine(String key) throws Exception {
    Path directory = Files.createDirectories(dir.resolve("a-directory"));

    assertEquals(
        at(5) + key + " = " + directory + ": is a directory, not a file",
        onlyProblem(key + " = a-directory", "software-type = default"));
  }

  @Test
  void aDatabaseKeyNamingADirectoryIsAConfigurationError() throws Exception {
    Path directory = Files.createDirectories(dir.resolve("instance.db"));
    Path file =
        write(
            dir,
            """
            [slaposinstancenode]
            requestinstance-db-path = request.db
            domain-validation-db-path = domain.db
            instance-db-path = instance.db
            """);

    assertEquals(
        file + ":4: instance-db-path = " + directory + ": is a directory, not a file",
        failure(file).getMessage());
  }

  @Test
  void keyAndCertFilesNamingADirectoryAreBothReported() throws Exception {
    Path directory = Files.createDirectories(dir.resolve("tls"));

    assertEquals(
        List.of(
            at(5) + "key-file = " + directory + ": is a directory, not a file",
            at(6) + "cert-file = " + directory + ": is a directory, not a file"),
        problems("key-file = tls", "cert-file = tls"));
  }

  @Test
  void aDesiredStateFileNamingADirectoryIsNamedAsWritten() throws Exception {
    Path directory = Files.createDirectories(dir.resolve("entries"));

    assertEquals(
        at(5) + "desired-state = file:" + directory + ": is a directory, not a file",
        onlyProblem("desired-state = file:entries", "slave-schema = s.json"));
  }

  @Test
  void aPathThatDoesNotExistYetIsNoConfigurationError() {
    // Files the node creates, and inputs that may appear later, are checked where they are opened.
    NodeConfig config =
        ConfigFiles.loadMinimalWith(dir, "logfile = logs/node.log", "slave-schema = later.json");

    assertEquals(Optional.of(dir.resolve("logs/node.log")), config.logfile());
    assertEquals(Optional.of(dir.resolve("later.json")), config.slaveSchema());
  }
}
