package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error about a configured file, as the real command line prints it: one line naming the key
 * (or option) and the file and saying what is wrong in words, never a Java exception's name; a
 * directory or FIFO where a file is expected is a configuration error (exit 2) found before
 * anything is opened. The unreadable cases here fail for root too (a file where a directory should
 * be, a dangling symbolic link, a FIFO, bytes that are not UTF-8); {@code chmod 000} is {@link
 * UnreadableFileIT}'s, which drops root's capabilities in a child process.
 */
class FileKeyErrorsTest {
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void writeNode() throws IOException {
    FileModeNode.writeFiles(dir);
    config = dir.resolve("node.cfg");
    writeConfig("");
  }

  /** The node's configuration, {@code extra} from line 7 on. */
  private void writeConfig(String extra) throws IOException {
    FileModeNode.writeConfig(config, "schema.json", extra);
  }

  private void replace(String from, String to) throws IOException {
    String text = Files.readString(config);
    assertTrue(text.contains(from), from);
    Files.writeString(config, text.replace(from, to));
  }

  private CommandRun runOnce() {
    return CommandRun.of("run", "--once", "--config", config.toString());
  }

  /** Exit {@code code} and exactly one line, {@code error: } then {@code message}. */
  private static void assertFails(int code, String message, CommandRun run) {
    assertEquals(code, run.exitCode(), run.err());
    assertEquals("error: " + message, run.err().strip());
    assertFalse(
        FileModeNode.JAVA_NAMES.matcher(run.err()).find(), "no Java class names: " + run.err());
  }

  private String at(int line) {
    return config + ":" + line + ": ";
  }

  private static void mkfifo(Path path) throws IOException, InterruptedException {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo");
  }

  @Test
  void anInstanceDbThatIsADirectoryIsAConfigurationError() throws IOException {
    Files.createDirectories(dir.resolve("db/instance.sqlite"));

    assertFails(
        2,
        at(3)
            + "instance-db-path = "
            + dir.resolve("db/instance.sqlite")
            + ": is a directory, not a file",
        runOnce());
  }

  @Test
  void everyFileKeyNamingADirectoryIsReportedAtOnceBeforeAnythingIsOpened() throws IOException {
    Path d = Files.createDirectories(dir.resolve("d"));
    writeConfig(
        "logfile = d\nverification-secret-file = d\nmaster-ca-file = d\npublish-slave-information-file = d\n");
    replace("slave-schema = schema.json", "slave-schema = d");
    replace("file:entries.json", "file:d");
    replace("db/request.sqlite", "d");
    replace("db/domain.sqlite", "d");

    CommandRun run = runOnce();

    assertEquals(2, run.exitCode(), run.err());
    String err = run.err();
    for (String named :
        new String[] {
          at(2) + "desired-state = file:" + d,
          at(4) + "requestinstance-db-path = " + d,
          at(5) + "domain-validation-db-path = " + d,
          at(6) + "slave-schema = " + d,
          at(7) + "logfile = " + d,
          at(8) + "verification-secret-file = " + d,
          at(9) + "master-ca-file = " + d,
          at(10) + "publish-slave-information-file = " + d,
        }) {
      assertTrue(err.contains(named + ": is a directory, not a file"), named + " in " + err);
    }
    assertFalse(FileModeNode.JAVA_NAMES.matcher(err).find(), err);
    assertFalse(Files.exists(dir.resolve("db")), "nothing was opened or created");
  }

  @Test
  void aLockFileThatIsADirectoryIsNamedByTheKeyItComesFrom() throws IOException {
    Path lock = Files.createDirectories(dir.resolve("db/request.sqlite.lock"));

    assertFails(
        2,
        at(4)
            + "requestinstance-db-path = "
            + dir.resolve("db/request.sqlite")
            + ": its lock file "
            + lock
            + " is a directory, not a file",
        runOnce());
  }

  @Test
  void aGeneratedSecretThatIsADirectoryIsNamedByTheDomainDbKey() throws IOException {
    Path secret = Files.createDirectories(dir.resolve("db/domain.sqlite.secret"));

    assertFails(
        2,
        at(5)
            + "domain-validation-db-path = "
            + dir.resolve("db/domain.sqlite")
            + ": its generated verification secret "
            + secret
            + " is a directory, not a file",
        runOnce());
  }

  @Test
  void aSchemaThatIsNotJsonNamesTheKeyTheFileAndWhereItBreaks() throws IOException {
    Files.writeString(dir.resolve("schema.json"), "{\n  \"type\": \"object\",\n  \"a\": }\n");

    assertFails(
        2,
        "slave-schema = " + dir.resolve("schema.json") + ": not JSON (line 3, column 8)",
        runOnce());
  }

  @Test
  void aSchemaThatIsNotUtf8IsSaidSo() throws IOException {
    Files.write(
        dir.resolve("schema.json"), new byte[] {'{', '"', 't', (byte) 0xff, '"', ':', '1', '}'});

    CommandRun run = runOnce();

    assertEquals(2, run.exitCode(), run.err());
    assertTrue(
        run.err()
            .startsWith(
                "error: slave-schema = " + dir.resolve("schema.json") + ": not valid UTF-8"),
        run.err());
  }

  @Test
  void aSchemaBehindAFileIsUnreachableEvenToRoot() throws IOException {
    Files.writeString(dir.resolve("blocker"), "");
    replace("slave-schema = schema.json", "slave-schema = blocker/schema.json");

    assertFails(
        2,
        "slave-schema = "
            + dir.resolve("blocker/schema.json")
            + ": cannot be reached: "
            + dir.resolve("blocker")
            + " is not a directory",
        runOnce());
  }

  @Test
  void aDanglingSymbolicLinkSaysWhereItPoints() throws IOException {
    Path link = dir.resolve("link.json");
    Files.createSymbolicLink(link, dir.resolve("gone.json"));
    replace("slave-schema = schema.json", "slave-schema = link.json");

    assertFails(
        2,
        "slave-schema = "
            + link
            + ": is a symbolic link to "
            + dir.resolve("gone.json")
            + ", which does not exist",
        runOnce());
  }

  @Test
  void aFifoIsRefusedRatherThanReadForEver() throws Exception {
    mkfifo(dir.resolve("schema.fifo"));
    replace("slave-schema = schema.json", "slave-schema = schema.fifo");

    assertFails(
        2,
        at(6)
            + "slave-schema = "
            + dir.resolve("schema.fifo")
            + ": is not a regular file (a FIFO, socket or device)",
        runOnce());
  }

  @Test
  void aMissingSoftwareDescriptionIsNamedByItsKey() throws IOException {
    replace("slave-schema = schema.json", "software-schema = nope.json\nsoftware-type = default");

    assertFails(2, "software-schema = " + dir.resolve("nope.json") + ": does not exist", runOnce());
  }

  @Test
  void aSecretFileThatIsNotUtf8IsSaidSo() throws IOException {
    Path secret = dir.resolve("secret");
    Files.write(secret, new byte[] {'a', (byte) 0xc3, '(', 'b'});
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    writeConfig("verification-secret-file = secret\n");

    assertFails(2, "verification-secret-file = " + secret + ": not valid UTF-8", runOnce());
  }

  @Test
  void aMissingSecretFileIsNamedByItsKey() throws IOException {
    writeConfig("verification-secret-file = absent\n");

    assertFails(
        2, "verification-secret-file = " + dir.resolve("absent") + ": does not exist", runOnce());
  }

  @Test
  void anEmptyVerificationSecretIsRefusedNotTreatedAsUnset() throws IOException {
    writeConfig("verification-secret =\n");

    CommandRun run = runOnce();

    assertEquals(2, run.exitCode(), run.err());
    assertTrue(
        run.err().startsWith("error: " + at(7) + "key 'verification-secret' is empty."), run.err());
    assertFalse(Files.exists(dir.resolve("db")), "nothing was opened or created");
  }

  @Test
  void aLogfileThatCannotBeCreatedIsAConfigurationError() throws IOException {
    Files.writeString(dir.resolve("blocker"), "");
    writeConfig("logfile = blocker/node.log\n");

    assertFails(
        2,
        "logfile = "
            + dir.resolve("blocker/node.log")
            + ": cannot be created: "
            + dir.resolve("blocker")
            + " is a file, not a directory",
        runOnce());
  }

  @Test
  void theDropInOptionsAreNamedAsOptions() throws IOException {
    Path pidDir = Files.createDirectories(dir.resolve("pid"));

    assertFails(
        2,
        "--pidfile " + pidDir + ": is a directory, not a file",
        CommandRun.of("--cfg", config.toString(), "--pidfile", pidDir.toString()));
    assertFails(
        2,
        "--logfile " + pidDir + ": is a directory, not a file",
        CommandRun.of("--cfg", config.toString(), "--logfile", pidDir.toString()));
  }

  @Test
  void aPidfileInAMissingDirectorySaysWhichDirectory() {
    Path pidfile = dir.resolve("run/node.pid");

    assertFails(
        2,
        "--pidfile "
            + pidfile
            + ": cannot be created: its directory "
            + pidfile.getParent()
            + " does not exist",
        CommandRun.of("--cfg", config.toString(), "--pidfile", pidfile.toString()));
  }

  @Test
  void aDatabaseThatIsNotSqliteIsNamedByItsKey() throws IOException {
    Files.createDirectories(dir.resolve("db"));
    Files.writeString(dir.resolve("db/domain.sqlite"), "not a database, just text\n".repeat(100));

    CommandRun run = runOnce();

    assertEquals(1, run.exitCode(), run.err());
    assertTrue(
        run.err()
            .startsWith(
                "error: domain-validation-db-path = " + dir.resolve("db/domain.sqlite") + ": "),
        run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertFalse(FileModeNode.JAVA_NAMES.matcher(run.err()).find(), run.err());
  }

  @Test
  void aMissingDesiredStateFileIsNamedByTheKey() throws IOException {
    Files.delete(dir.resolve("entries.json"));

    assertFails(
        1, "desired-state = file:" + dir.resolve("entries.json") + ": does not exist", runOnce());
  }

  @Test
  void aMissingConfigurationFileIsSaidInWords() {
    Path absent = dir.resolve("absent.cfg");

    assertFails(
        2,
        absent + ": does not exist",
        CommandRun.of("run", "--once", "--config", absent.toString()));
  }
}
