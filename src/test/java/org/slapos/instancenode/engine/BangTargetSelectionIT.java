package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.slapos.instancenode.testing.RecordedEntries.awaitUntil;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.testing.InProcessDaemon;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.PythonInstanceDb;
import org.slapos.instancenode.testing.ScrapedMetrics;
import org.slapos.instancenode.testing.slap.FakeSlapMaster;

/**
 * Where the daemon's bangs go, as the command line starts it (with {@link LoggedBangTarget} for
 * when no master is configured), told by {@code /metrics}: to the SLAP master that {@code
 * server-url} names, or, with no master at all, only to the log, counted {@code logged}.
 */
class BangTargetSelectionIT {
  @TempDir Path dir;
  private InProcessDaemon daemon;
  private FakeSlapMaster master;

  @AfterEach
  void stop() throws Exception {
    if (daemon != null) {
      daemon.close();
    }
    if (master != null) {
      master.close();
      master.assertNoProtocolViolations();
    }
  }

  private void start(String... lines) throws Exception {
    NodeDir node = new NodeDir(dir);
    PythonInstanceDb slapos = PythonInstanceDb.create(node.instanceDb());
    String[] all = new String[lines.length + 3];
    all[0] = "resync-period = 1h";
    all[1] = "bang-min-interval = 0";
    all[2] = "metrics-address = 127.0.0.1:0";
    System.arraycopy(lines, 0, all, 3, lines.length);
    node.writeConfig(all);
    daemon = InProcessDaemon.start(NodeConfig.load(node.config()), new LoggedBangTarget());
    daemon.awaitReady();
    slapos
        .change()
        .valid(
            "SHARED-A",
            Json.MAPPER
                .createObjectNode()
                .put("url", "https://backend.example.net")
                .put("custom_domain", "a.example.com"))
        .commit();
    daemon.hangup();
  }

  private double bangs(String result) throws Exception {
    return daemon.scrape().value("instancenode_bangs_total", "result", result);
  }

  @Test
  void withNoMasterTheBangIsCountedLoggedNeverSent() throws Exception {
    start();

    awaitUntil(() -> bangs("logged") == 1);
    assertEquals(0, bangs("sent"));
    assertEquals(0, bangs("failed"));
  }

  @Test
  void withServerUrlTheBangGoesToTheSlapMasterAndIsCountedSent() throws Exception {
    master = FakeSlapMaster.http();
    start(
        "server-url = " + master.serverUrl(),
        "computer-id = " + FakeSlapMaster.COMPUTER_ID,
        "partition-id = " + FakeSlapMaster.PARTITION_ID);

    awaitUntil(() -> bangs("sent") == 1);
    assertEquals(0, bangs("logged"));
    assertEquals(1, master.bangs().size());
    ScrapedMetrics scraped = daemon.scrape();
    assertEquals(
        1,
        scraped.value(
            "instancenode_master_requests_total",
            "method",
            "slap.softwareInstanceBang",
            "outcome",
            "ok"));
    assertEquals(List.of(), master.calls(FakeSlapMaster.ERROR));
  }
}
