package org.slapos.instancenode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.slapos.instancenode.testing.DesiredEntries.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.testing.DesiredEntries;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.SqliteCli;

/**
 * A {@code run --once} whose DNS never answers fits in its {@code run-once-deadline}: it retries
 * the lookups until the deadline, then stops, leaves every entry it could not check as it was, says
 * how many and why, exits 4 and releases its lock.
 */
class RunOnceDeadlineIT {
  private static final int ENTRIES = 20;
  // Small, yet it leaves room for the pass (loading the schema) and a few lookups on a busy
  // machine.
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  // Generous: the deadline itself, then the in-flight grace and the start-up of an in-process run.
  private static final Duration SLACK = Duration.ofSeconds(12);

  @TempDir Path dir;
  private NodeDir files;
  private Path entries;
  private SilentDns silent;

  /** Receives DNS questions on loopback and never answers them. */
  private static final class SilentDns implements AutoCloseable {
    final DatagramSocket socket;
    final AtomicInteger questions = new AtomicInteger();

    SilentDns() throws SocketException {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread thread =
          new Thread(
              () -> {
                DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
                while (!socket.isClosed()) {
                  try {
                    socket.receive(packet);
                    questions.incrementAndGet();
                  } catch (IOException closed) {
                    return;
                  }
                }
              },
              "silent-dns");
      thread.setDaemon(true);
      thread.start();
    }

    String nameserver() {
      return "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  @BeforeEach
  void start() throws IOException {
    files = new NodeDir(dir);
    entries = dir.resolve("entries.json");
    silent = new SilentDns();
  }

  @AfterEach
  void stop() {
    silent.close();
  }

  private void desire(String domainPrefix) throws IOException {
    ObjectNode[] desired = new ObjectNode[ENTRIES];
    for (int i = 0; i < ENTRIES; i++) {
      desired[i] = entry("E" + i, domainPrefix + i + ".example.com");
    }
    DesiredEntries.write(entries, desired);
  }

  /** The node's configuration, every token published in its DNS and the default deadline. */
  private void configure() throws IOException {
    files.writeFileSourceConfig(entries);
  }

  private void configureSilentDns() throws IOException {
    files.writeFileSourceConfig(
        entries,
        "run-once-deadline = " + DEADLINE.toSeconds() + "s",
        // Every entry is looked up at once, so that each has met DNS's silence by the deadline.
        "workers = " + ENTRIES,
        "dns-nameserver = " + silent.nameserver(),
        "dns-timeout = 1s");
  }

  private CommandRun runOnce() {
    return CommandRun.of("run", "--once", "--config", files.config().toString());
  }

  private JsonNode requestRows() throws IOException, InterruptedException {
    return SqliteCli.query(files.requestDb(), "SELECT * FROM instance ORDER BY reference;");
  }

  /** Runs once against the silent DNS: within the deadline plus slack, exit 4, the reason said. */
  private CommandRun runOnceWithinTheDeadline() {
    long started = System.nanoTime();
    CommandRun run = runOnce();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(ExitCode.INCOMPLETE, run.exitCode(), run.out() + run.err());
    assertTrue(took.compareTo(DEADLINE) >= 0, "retried until the deadline, took " + took);
    assertTrue(took.compareTo(DEADLINE.plus(SLACK)) < 0, "took " + took);
    String header =
        "incomplete: run-once-deadline (5 s) reached; the entries not checked are left as they"
            + " were, for the next run:\n";
    assertTrue(run.out().contains(header), run.out());
    // Each entry's last failure: mostly a timeout, but on a loaded machine a retry may come too
    // late to be asked ("deadline reached before asking"); either way DNS, naming the server.
    Matcher line =
        Pattern.compile(
                "  (\\d+) entr(?:y|ies) not checked: DNS did not answer \\([^\\n]*"
                    + Pattern.quote(silent.nameserver())
                    + "\\)\n")
            .matcher(run.out().substring(run.out().indexOf(header) + header.length()));
    int left = 0;
    while (line.lookingAt()) {
      left += Integer.parseInt(line.group(1));
      line.region(line.end(), line.regionEnd());
    }
    assertEquals(ENTRIES, left, run.out());
    assertTrue(run.out().contains("not checked: DNS did not answer (timeout from "), run.out());
    return run;
  }

  @Test
  void aFirstRunRecordsNothingForTheEntriesDnsLeftUnchecked() throws Exception {
    desire("a");
    configureSilentDns();

    runOnceWithinTheDeadline();

    assertEquals(0, requestRows().size(), "no verdict without an answer: " + requestRows());
    assertTrue(
        silent.questions.get() > ENTRIES,
        "lookups retried within the deadline: " + silent.questions.get() + " questions");
    CommandRun check = CommandRun.of("check", "--config", files.config().toString());
    assertEquals(ExitCode.FAILED, check.exitCode(), check.out());
    assertTrue(
        check.out().contains("run-once-deadline (5 s) reached: ")
            && check.out().contains(" not checked: DNS did not answer ("),
        check.out());
  }

  @Test
  void aLaterRunLeavesTheRecordedRowsAsTheyWereAndReleasesItsLock() throws Exception {
    desire("a");
    configure();
    CommandRun populated = runOnce();
    assertEquals(ExitCode.OK, populated.exitCode(), populated.out() + populated.err());
    JsonNode before = requestRows();
    assertEquals(ENTRIES, before.size());
    before.forEach(row -> assertEquals("valid", row.get("valid_parameter").asText(), "" + row));

    // New domains to prove: every entry needs DNS, which does not answer.
    desire("b");
    configureSilentDns();
    runOnceWithinTheDeadline();
    assertEquals(before, requestRows(), "rows exactly as before the run");

    // The lock was released: the next run is not refused (exit 3), and leaves the rows too.
    runOnceWithinTheDeadline();
    assertEquals(before, requestRows());
  }
}
