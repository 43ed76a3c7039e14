package org.slapos.instancenode.testing.dns;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real authoritative DNS server for tests: BIND's {@code named} in the foreground, listening on
 * 127.0.0.1 at a free port, serving {@link DnsZone}s from its own configuration, zone files and
 * journals in a temporary directory, with records changed at run time by RFC 2136 updates ({@link
 * #records()}).
 *
 * <p>Why BIND: it is Debian's {@code bind9} package (CI installs it with apt-get); it accepts RFC
 * 2136 updates from loopback with a plain {@code allow-update}, so dnsjava's {@code Update} changes
 * records without a control tool; {@code listen-on port P { 127.0.0.1; }} gives each server its own
 * port, so several independent servers (authoritative-mode tests) run side by side; and it is one
 * foreground process ({@code named -g}) that logs to stderr and starts in a fraction of a second.
 * BIND listens only on addresses configured on an interface, which 127.0.0.2 usually is not: the
 * servers share 127.0.0.1 and tests route their NS addresses to the ports.
 *
 * <p>{@link #stop()} and {@link #start()} stop and restart it on the same address, port and data
 * (updates survive in the journal). {@link #close()} stops it and deletes its directory. Not
 * thread-safe.
 */
public final class BindServer implements AutoCloseable {
  private static final Path NAMED = Path.of("/usr/sbin/named");
  private static final long START_TIMEOUT_SECONDS = 20;

  private final InetSocketAddress address;
  private final InetSocketAddress statistics;
  private final List<DnsZone> zones;
  private final Path dir;
  private final Path log;
  private Process process;

  private BindServer(
      InetSocketAddress address, InetSocketAddress statistics, List<DnsZone> zones, Path dir) {
    this.address = address;
    this.statistics = statistics;
    this.zones = zones;
    this.dir = dir;
    this.log = dir.resolve("named.log");
  }

  /**
   * Starts a server on 127.0.0.1 at a free port serving {@code zones}; returns once it answers.
   *
   * @throws IllegalStateException if it does not start, with the tail of its log
   */
  public static BindServer start(DnsZone... zones) {
    if (zones.length == 0) {
      throw new IllegalArgumentException("a BIND server needs at least one zone");
    }
    InetAddress loopback = InetAddress.getLoopbackAddress();
    int port = FreePorts.on(loopback);
    int statisticsPort = FreePorts.on(loopback);
    while (statisticsPort == port) {
      statisticsPort = FreePorts.on(loopback);
    }
    try {
      BindServer server =
          new BindServer(
              new InetSocketAddress(loopback, port),
              new InetSocketAddress(loopback, statisticsPort),
              List.of(zones),
              Files.createTempDirectory("named-"));
      server.writeFiles();
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where it listens (UDP and TCP). */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * How many TXT questions this server has answered since it started, by its own count (its
   * statistics channel): what a test or benchmark counts the lookups of the node by, not trusting
   * the node's own figures.
   */
  public long txtQueries() {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://"
                              + statistics.getAddress().getHostAddress()
                              + ":"
                              + statistics.getPort()
                              + "/json/v1/server"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "named's statistics channel answered " + response.statusCode());
      }
      return new ObjectMapper().readTree(response.body()).path("qtypes").path("TXT").asLong(0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read named's statistics on " + statistics, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading named's statistics", e);
    }
  }

  /** Where named serves its statistics (HTTP, JSON under {@code /json/v1/}). */
  public InetSocketAddress statisticsAddress() {
    return statistics;
  }

  /** Sends RFC 2136 updates to this server. */
  public ZoneUpdates records() {
    return new ZoneUpdates(address, zones);
  }

  /**
   * Starts {@code named} again after {@link #stop()}, with the same data; returns once it answers.
   */
  public void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("named is already running on " + address);
    }
    try {
      process =
          new ProcessBuilder(
                  NAMED.toString(),
                  "-g",
                  "-4",
                  "-n",
                  "1",
                  "-c",
                  dir.resolve("named.conf").toString())
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      awaitRunning(copyLogUntilRunning(process));
      awaitAnswer();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + NAMED + ": " + e.getMessage(), e);
    }
  }

  /** Stops {@code named} (SIGTERM, then SIGKILL); queries then get no answer. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeFiles() throws IOException {
    String ip = address.getAddress().getHostAddress();
    StringBuilder conf = new StringBuilder();
    conf.append("options {\n")
        .append("  directory \"")
        .append(dir)
        .append("\";\n")
        .append("  pid-file none;\n")
        .append("  session-keyfile none;\n")
        .append("  listen-on port ")
        .append(address.getPort())
        .append(" { ")
        .append(ip)
        .append("; };\n")
        .append("  listen-on-v6 { none; };\n")
        .append("  recursion no;\n")
        .append("  dnssec-validation no;\n")
        .append("  notify no;\n")
        // Tests put A records on underscore names too.
        .append("  check-names primary ignore;\n")
        .append("};\n")
        // No control channel: several servers would fight over 127.0.0.1:953.
        .append("controls { };\n")
        // Queries counted by named itself (txtQueries).
        .append("statistics-channels { inet ")
        .append(ip)
        .append(" port ")
        .append(statistics.getPort())
        .append(" allow { 127.0.0.1; }; };\n");
    for (DnsZone zone : zones) {
      Path file = dir.resolve(zone.origin() + ".zone");
      Files.writeString(file, zone.fileText(ip));
      conf.append("zone \"")
          .append(zone.origin())
          .append("\" { type primary; file \"")
          .append(file)
          .append("\"; allow-update { 127.0.0.0/8; }; };\n");
    }
    Files.writeString(dir.resolve("named.conf"), conf);
  }

  /** Copies named's output to the log file; completes when named says it is running. */
  private CompletableFuture<Void> copyLogUntilRunning(Process named) {
    CompletableFuture<Void> running = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(named.getInputStream(), StandardCharsets.UTF_8));
                  Writer out =
                      Files.newBufferedWriter(
                          log,
                          StandardCharsets.UTF_8,
                          java.nio.file.StandardOpenOption.CREATE,
                          java.nio.file.StandardOpenOption.APPEND)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  out.write(line + "\n");
                  if (line.endsWith(" running")) {
                    out.flush();
                    running.complete(null);
                  }
                }
              } catch (IOException e) {
                // The process went away; the start check below reports it.
              }
              running.completeExceptionally(new IllegalStateException("named exited"));
            });
    return running;
  }

  private void awaitRunning(CompletableFuture<Void> running) {
    try {
      running.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Reported below with named's own words.
    }
    stop();
    throw new IllegalStateException(
        "named did not start on "
            + address
            + " (config in "
            + dir
            + "); its log ends with:\n"
            + logTail());
  }

  /** named says "running" even when it could not listen; an SOA question proves it does. */
  private void awaitAnswer() {
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTimeout(Duration.ofSeconds(2));
    try {
      Name origin = Name.fromString(zones.getFirst().origin(), Name.root);
      Message response =
          resolver.send(Message.newQuery(Record.newRecord(origin, Type.SOA, DClass.IN)));
      if (response.getRcode() == Rcode.NOERROR) {
        return;
      }
    } catch (IOException e) {
      // Reported below with named's own words.
    }
    stop();
    throw new IllegalStateException(
        "named runs but does not answer SOA questions on "
            + address
            + "; its log ends with:\n"
            + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
