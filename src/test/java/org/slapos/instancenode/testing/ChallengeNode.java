package org.slapos.instancenode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.engine.RunOnce;
import org.slapos.instancenode.store.DomainValidation;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.testing.dns.BindServer;

/**
 * A node whose desired state is a JSON file (validated against the real Rapid.CDN schema) and whose
 * DNS challenges are looked up on a {@link BindServer}: run as {@code run --once} runs it, or as
 * the daemon, with its request DB and domain DB rows read back for assertions.
 */
public final class ChallengeNode {
  private final NodeDir files;
  private final Path entries;
  private final FakeClock cron = new FakeClock(Instant.now());

  /**
   * Writes the node's configuration into {@code dir}: {@code dns} as its only name server, four
   * workers, then {@code extraLines}.
   */
  public ChallengeNode(Path dir, BindServer dns, String... extraLines) throws IOException {
    this.files = new NodeDir(dir);
    this.entries = dir.resolve("entries.json");
    String[] lines = new String[extraLines.length + 3];
    lines[0] = "dns-nameserver = 127.0.0.1:" + dns.address().getPort();
    lines[1] = "dns-timeout = 500ms";
    lines[2] = "workers = 4";
    System.arraycopy(extraLines, 0, lines, 3, extraLines.length);
    DesiredEntries.write(entries);
    files.writeFileSourceConfig(entries, lines);
  }

  public NodeDir files() {
    return files;
  }

  public NodeConfig config() {
    return NodeConfig.load(files.config());
  }

  /** Makes {@code desired} the whole desired state. */
  public void desire(ObjectNode... desired) throws IOException {
    DesiredEntries.write(entries, desired);
  }

  /**
   * One {@code run --once}, a minute (cron's period, the default {@code challenge-recheck-min})
   * after the previous one on the node's own clock: a pending challenge is due at each of its first
   * re-checks.
   */
  public RunOnce.Summary runOnce() throws InterruptedException {
    cron.advance(Duration.ofMinutes(1));
    return runOnce(cron);
  }

  /** One {@code run --once} at the time of {@code clock}. */
  public RunOnce.Summary runOnce(Clock clock) throws InterruptedException {
    return RunOnce.run(config(), Optional.empty(), message -> {}, clock);
  }

  /** The request DB row of {@code reference}, if any. */
  public Optional<InstanceRow> row(String reference) {
    try (RecordedEntries recorded = RecordedEntries.open(files)) {
      return recorded.requestDb().find(reference);
    }
  }

  /** {@code valid_parameter} of {@code reference}, or {@code "none"} without a row. */
  public String state(String reference) {
    return row(reference).map(InstanceRow::validParameter).orElse("none");
  }

  /** The parsed {@code json_error} of {@code reference}'s row, which must exist. */
  public JsonNode jsonError(String reference) throws IOException {
    try (RecordedEntries recorded = RecordedEntries.open(files)) {
      return recorded.jsonError(reference);
    }
  }

  /** {@code json_error.reason} of {@code reference}, or {@code ""} when valid. */
  public String reason(String reference) throws IOException {
    return jsonError(reference).path("reason").asText();
  }

  /** The domain DB's {@code domain_validation} row of {@code reference}, if any. */
  public Optional<DomainValidation> domainRow(String reference) {
    try (RecordedEntries recorded = RecordedEntries.open(files)) {
      return recorded.domainDb().find(reference);
    }
  }

  /** The token issued to {@code reference}, which must have one. */
  public String token(String reference) {
    return domainRow(reference)
        .map(DomainValidation::token)
        .orElseThrow(() -> new AssertionError("no token issued to " + reference));
  }
}
