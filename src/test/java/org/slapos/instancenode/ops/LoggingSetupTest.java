package org.slapos.instancenode.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.config.ConfigException;
import org.slapos.instancenode.config.LogFormat;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.testing.ProcessSignals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LoggingSetupTest {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingSetupTest.class);
  private static final String TIME =
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2})";

  @TempDir Path dir;
  private Path logfile;
  private final PrintStream realStderr = System.err;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @BeforeEach
  void captureStderr() {
    logfile = dir.resolve("node.log");
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreDefaults() {
    LoggingSetup.apply(LogFormat.TEXT, Optional.empty(), false);
    MDC.clear();
    System.setErr(realStderr);
  }

  private static void logStateChange() {
    MDC.put("reference", "ref-1");
    LOG.atInfo().setMessage("state changed").addKeyValue("to", "valid").log();
  }

  @Test
  void jsonLinesAreFlatAndGoToTheLogFileOnly() throws IOException {
    LoggingSetup.apply(LogFormat.JSON, Optional.of(logfile), false);

    logStateChange();
    LOG.atWarn().setMessage("second").setCause(new IllegalStateException("boom")).log();

    List<String> lines = Files.readAllLines(logfile);
    assertEquals(2, lines.size(), String.join("\n", lines));
    JsonNode first = Json.MAPPER.readTree(lines.get(0));
    assertEquals("INFO", first.path("level").asText());
    assertEquals(LoggingSetupTest.class.getName(), first.path("logger_name").asText());
    assertEquals("state changed", first.path("message").asText(), first.toString());
    // The key/values and the MDC are top-level fields, not nested lists or objects.
    assertEquals("valid", first.path("to").asText(), first.toString());
    assertEquals("ref-1", first.path("reference").asText(), first.toString());
    assertTrue(first.path("@timestamp").asText().matches(TIME), first.toString());
    JsonNode second = Json.MAPPER.readTree(lines.get(1));
    assertEquals("WARN", second.path("level").asText());
    assertTrue(second.path("stack_trace").asText().contains("IllegalStateException: boom"));
    assertEquals("", stderr.toString(StandardCharsets.UTF_8));
  }

  @Test
  void sigusr1ReopensTheLogFileAfterLogrotateMovedItAndTheProcessLivesOn() throws Exception {
    LoggingSetup.apply(LogFormat.TEXT, Optional.of(logfile), false);
    LOG.info("before rotation");
    Path rotated = dir.resolve("node.log.1");
    Files.move(logfile, rotated);

    ProcessSignals.send(ProcessHandle.current().pid(), "USR1");

    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(logfile));
    LOG.info("after rotation");
    assertTrue(Files.readString(logfile).contains("after rotation"), Files.readString(logfile));
    assertFalse(Files.readString(logfile).contains("before rotation"));
    assertFalse(Files.readString(rotated).contains("after rotation"));
    assertEquals(
        PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(logfile));
  }

  @Test
  void sigusr1WithoutLogFileChangesNothing() throws Exception {
    LoggingSetup.apply(LogFormat.TEXT, Optional.empty(), false);

    ProcessSignals.send(ProcessHandle.current().pid(), "USR1");
    LOG.info("still logging");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> stderr.toString(StandardCharsets.UTF_8).contains("still logging"));
  }

  @Test
  void logFileIsCreatedOwnerOnly() throws IOException {
    LoggingSetup.apply(LogFormat.JSON, Optional.of(logfile), false);

    assertEquals(
        PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(logfile));
  }

  @Test
  void missingLogDirectoriesAreCreatedOwnerOnly() throws IOException {
    Path nested = dir.resolve("var/log/node.log");

    LoggingSetup.apply(LogFormat.TEXT, Optional.of(nested), false);
    logStateChange();

    assertEquals(1, Files.readAllLines(nested).size());
    for (Path created : List.of(dir.resolve("var"), dir.resolve("var/log"))) {
      assertEquals(
          PosixFilePermissions.fromString("rwx------"),
          Files.getPosixFilePermissions(created),
          created.toString());
    }
  }

  @Test
  void existingLogFileIsAppendedTo() throws IOException {
    Files.writeString(logfile, "an earlier run\n");

    LoggingSetup.apply(LogFormat.TEXT, Optional.of(logfile), false);
    logStateChange();

    List<String> lines = Files.readAllLines(logfile);
    assertEquals("an earlier run", lines.get(0));
    assertEquals(2, lines.size(), String.join("\n", lines));
  }

  @Test
  void textLineHasTimeLevelLoggerMessageKeyValuesAndMdc() {
    LoggingSetup.apply(LogFormat.TEXT, Optional.empty(), false);

    logStateChange();

    String line = stderr.toString(StandardCharsets.UTF_8);
    assertTrue(
        line.matches(TIME + " INFO  LoggingSetupTest state changed to=valid reference=ref-1\\R"),
        line);
  }

  @Test
  void whatUsersWroteCannotForgeATextLogLine() {
    LoggingSetup.apply(LogFormat.TEXT, Optional.empty(), false);
    String reference = "REF\n2026-01-01T00:00:00.000Z INFO  Node forged\u2028";
    MDC.put("reference", reference);

    LOG.atWarn()
        .setMessage("entry " + reference + " refused")
        .setCause(new IllegalStateException("bad " + reference))
        .log();

    String log = stderr.toString(StandardCharsets.UTF_8);
    assertTrue(log.lines().noneMatch(l -> l.startsWith("2026-01-01T00:00:00.000Z")), log);
    assertTrue(log.chars().noneMatch(c -> c == 0x2028), log);
    assertTrue(
        log.contains(" entry REF\\n2026-01-01T00:00:00.000Z INFO  Node forged\\u2028 refused"),
        log);
    assertTrue(log.contains("IllegalStateException: bad REF\\n2026-01-01T00:00:00.000Z"), log);
    assertTrue(log.contains("\tat org.slapos.instancenode.ops.LoggingSetupTest"), log);
  }

  @Test
  void textValuesAreQuotedOnlyWhenTheyMustBeAndStayOnOneLine() {
    LoggingSetup.apply(LogFormat.TEXT, Optional.empty(), false);
    MDC.put("reconcile", "r-7");

    LOG.atInfo()
        .setMessage("checked")
        .addKeyValue("domain", "shop.example.com")
        .addKeyValue("error", "no TXT record at \"x\"\nnext=line")
        .addKeyValue("empty", "")
        .addKeyValue("count", 3)
        .log();

    String line = stderr.toString(StandardCharsets.UTF_8);
    assertTrue(
        line.endsWith(
            " checked domain=shop.example.com error=\"no TXT record at \\\"x\\\"\\nnext=line\""
                + " empty=\"\" count=3 reconcile=r-7"
                + System.lineSeparator()),
        line);
    assertEquals(1, line.lines().count(), line);
  }

  @Test
  void debugSwitchSetsTheRootLevel() throws IOException {
    LoggingSetup.apply(LogFormat.TEXT, Optional.of(logfile), true);
    LOG.debug("shown");
    Path quiet = dir.resolve("quiet.log");
    LoggingSetup.apply(LogFormat.TEXT, Optional.of(quiet), false);
    LOG.debug("hidden");
    LOG.info("shown");

    assertTrue(Files.readString(logfile).contains(" DEBUG LoggingSetupTest shown"));
    assertEquals(1, Files.readAllLines(quiet).size());
    assertTrue(Files.readString(quiet).contains(" INFO  LoggingSetupTest shown"));
  }

  @Test
  void logFileThatCannotBeCreatedIsAnErrorNamingIt() throws IOException {
    Path unwritable = Files.writeString(dir.resolve("a-file"), "").resolve("node.log");

    ConfigException error =
        assertThrows(
            ConfigException.class,
            () -> LoggingSetup.apply(LogFormat.JSON, Optional.of(unwritable), false));

    assertEquals(
        "logfile = "
            + unwritable
            + ": cannot be created: "
            + unwritable.getParent()
            + " is a file, not a directory",
        error.getMessage());
  }
}
