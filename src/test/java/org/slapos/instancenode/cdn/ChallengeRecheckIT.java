package org.slapos.instancenode.cdn;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slapos.instancenode.testing.DesiredEntries.entry;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.store.InstanceRow;
import org.slapos.instancenode.testing.ChallengeNode;
import org.slapos.instancenode.testing.InProcessDaemon;
import org.slapos.instancenode.testing.RecordingBangTarget;
import org.slapos.instancenode.testing.dns.BindServer;
import org.slapos.instancenode.testing.dns.DnsZone;

/**
 * The daemon re-checks a pending challenge on its own schedule, long before the next pass (the
 * resync period is an hour here): one second first, then about half the time it has waited; SIGHUP
 * starts every schedule again.
 */
class ChallengeRecheckIT {
  private static final String LOOKUPS = "instancenode_dns_lookups_total";
  private static BindServer dns;

  @TempDir Path dir;
  private ChallengeNode node;
  private InProcessDaemon daemon;

  @BeforeAll
  static void startDns() {
    dns = BindServer.start(DnsZone.zone("example.com"));
  }

  @AfterAll
  static void stopDns() {
    dns.close();
  }

  @BeforeEach
  void startDaemon() throws Exception {
    node =
        new ChallengeNode(
            dir,
            dns,
            "resync-period = 1h",
            "challenge-recheck-min = 1s",
            "challenge-recheck-max = 1h",
            "metrics-address = 127.0.0.1:0");
  }

  @AfterEach
  void stopDaemon() throws InterruptedException {
    if (daemon != null) {
      daemon.close();
    }
  }

  @Test
  void aRecordPublishedAfterTheFirstCheckIsSeenByTheRecheck() throws Exception {
    node.desire(entry("LATER", "later.example.com"));
    daemon = InProcessDaemon.start(node.config(), new RecordingBangTarget());
    awaitState("LATER", InstanceRow.INVALID, Duration.ofSeconds(30));
    assertEquals(Reason.DNS_CHALLENGE_PENDING, node.reason("LATER"));

    dns.records().addTxt("_slapos-challenge.later.example.com", node.token("LATER"));

    awaitState("LATER", InstanceRow.VALID, Duration.ofSeconds(10));
    assertEquals("{}", node.row("LATER").orElseThrow().jsonError());
  }

  @Test
  void sighupStartsTheRecheckScheduleAgain() throws Exception {
    node.desire(entry("LONG", "long.example.com"));
    daemon = InProcessDaemon.start(node.config(), new RecordingBangTarget());
    // Checked at 0, 1, 2, 3, 4.5, 6.75, 10.1 and 15.2 s: the next one would be 7.6 s later.
    awaitLookups(8, Duration.ofSeconds(30));

    daemon.hangup();
    awaitLookups(9, Duration.ofSeconds(5));
    dns.records().addTxt("_slapos-challenge.long.example.com", node.token("LONG"));

    // Rechecked one second after the SIGHUP pass, as a fresh challenge.
    awaitState("LONG", InstanceRow.VALID, Duration.ofSeconds(4));
  }

  private void awaitLookups(int atLeast, Duration within) {
    await("DNS lookup number " + atLeast)
        .atMost(within)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> daemon.scrape().sum(LOOKUPS) >= atLeast);
  }

  private void awaitState(String reference, String state, Duration within) {
    await(reference + " " + state)
        .atMost(within)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> node.state(reference).equals(state));
  }
}
