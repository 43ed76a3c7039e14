package org.slapos.instancenode.cdn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slapos.instancenode.testing.DesiredEntries.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.cli.CommandRun;
import org.slapos.instancenode.engine.RunOnce;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.testing.ChallengeNode;
import org.slapos.instancenode.testing.FakeClock;
import org.slapos.instancenode.testing.InProcessDaemon;
import org.slapos.instancenode.testing.RecordingBangTarget;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;

/**
 * Cron runs ({@code run --once}, one a minute) follow the re-check schedule kept in the domain DB:
 * a pending challenge is looked up only when it is due, as the daemon would, which BIND's own count
 * of TXT questions shows; {@code recheck} makes challenges due at the next run.
 */
class CronRecheckIT {
  private static BindServer dns;

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock();
  private ChallengeNode node;

  @BeforeAll
  static void startDns() {
    dns = BindServer.start(DnsZone.zone("example.com"));
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  @BeforeEach
  void writeConfig() throws Exception {
    node =
        new ChallengeNode(
            dir,
            dns,
            "challenge-recheck-min = 60s",
            "challenge-recheck-max = 1h",
            "metrics-address = 127.0.0.1:0");
  }

  private static ObjectNode[] threePendingAndOnePlain() {
    ObjectNode plain = entry("PLAIN", "plain.example.com");
    ((ObjectNode) plain.get("parameters")).remove("custom_domain");
    return new ObjectNode[] {
      entry("A", "a.example.com"), entry("B", "b.example.com"), entry("C", "c.example.com"), plain
    };
  }

  /** Runs once at the clock's time; the TXT questions BIND saw during the run. */
  private long runAsked(int reportedLookups, int reportedWaiting) throws Exception {
    long before = dns.txtQueries();
    RunOnce.Summary summary = node.runOnce(clock);
    long asked = dns.txtQueries() - before;
    assertEquals(asked, summary.dnsLookups(), "the summary counts what BIND saw");
    assertEquals(reportedLookups, summary.dnsLookups());
    assertEquals(reportedWaiting, summary.challengesWaiting());
    return asked;
  }

  @Test
  void successiveRunsLookUpOnlyTheChallengesThatAreDue() throws Exception {
    node.desire(threePendingAndOnePlain());
    assertEquals(3, runAsked(3, 3), "first run: every challenge");
    assertEquals(Reason.DNS_CHALLENGE_PENDING, node.reason("A"));

    clock.advance(Duration.ofSeconds(30));
    assertEquals(0, runAsked(0, 3), "30 s later: none is due");

    clock.advance(Duration.ofSeconds(30));
    assertEquals(3, runAsked(3, 3), "60 s: all due (challenge-recheck-min)");
    clock.advance(Duration.ofSeconds(60));
    assertEquals(3, runAsked(3, 3), "120 s: due again, next after 60 s (half of 120 s)");

    clock.advance(Duration.ofSeconds(30));
    ObjectNode edited = entry("B", "b.example.com");
    ((ObjectNode) edited.get("parameters")).put("url", "https://other.example.net");
    ObjectNode[] desired = threePendingAndOnePlain();
    desired[1] = edited;
    node.desire(desired);
    assertEquals(1, runAsked(1, 3), "150 s: only the edited entry, its schedule restarted");

    clock.advance(Duration.ofSeconds(30));
    assertEquals(2, runAsked(2, 3), "180 s: A and C are due, B only at 210 s");
    assertEquals(Reason.DNS_CHALLENGE_PENDING, node.reason("B"));
  }

  @Test
  void recheckMakesTheNamedChallengesDueAtTheNextRun() throws Exception {
    node.desire(threePendingAndOnePlain());
    runAsked(3, 3);
    dns.records().addTxt("_slapos-challenge.a.example.com", node.token("A"));
    clock.advance(Duration.ofSeconds(10));

    CommandRun recheck =
        CommandRun.of("recheck", "--config", node.files().config().toString(), "A");
    assertEquals(0, recheck.exitCode(), recheck.err());
    assertEquals(1, runAsked(1, 2), "only A is asked");
    assertEquals(InstanceRow.VALID, node.state("A"));

    assertEquals(
        0,
        CommandRun.of("recheck", "--config", node.files().config().toString(), "--all").exitCode());
    assertEquals(2, runAsked(2, 2), "--all: B and C, and A has no challenge left");
    assertEquals(0, runAsked(0, 2));
  }

  @Test
  void theDaemonFollowsTheScheduleTheCronRunsLeft() throws Exception {
    node.desire(threePendingAndOnePlain());
    node.runOnce();
    long before = dns.txtQueries();
    ObjectNode[] desired = threePendingAndOnePlain();
    desired[3] = entry("NEW", "new.example.com");
    node.desire(desired);

    try (InProcessDaemon daemon = InProcessDaemon.start(node.config(), new RecordingBangTarget())) {
      await("the new entry's verdict")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> node.state("NEW").equals(InstanceRow.INVALID));
      await("the gauge of waiting challenges")
          .atMost(Duration.ofSeconds(30))
          .until(() -> daemon.scrape().value("instancenode_challenges_waiting") >= 3);
    }
    assertEquals(1, dns.txtQueries() - before, "only the new entry was asked");
  }
}
