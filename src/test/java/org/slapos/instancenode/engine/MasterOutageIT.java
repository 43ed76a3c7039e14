package org.slapos.instancenode.engine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.json.Json;
import org.slapos.instancenode.testing.InProcessDaemon;
import org.slapos.instancenode.testing.NodeDir;
import org.slapos.instancenode.testing.RecordingBangTarget;
import org.slapos.instancenode.testing.master.FakeMaster;
import org.slapos.instancenode.testing.master.SharedInstance;

/**
 * The daemon through an outage of the master: the last good desired state stays (no entry lost),
 * health keeps being served, the circuit breaker bounds the calls made during the outage, and the
 * node converges once the master is back.
 */
class MasterOutageIT {
  private static final String HOST = "SOFTINST-HOST";

  @TempDir Path dir;
  private final FakeMaster master = FakeMaster.http();
  private InProcessDaemon daemon;

  @AfterEach
  void stop() throws InterruptedException {
    if (daemon != null) {
      daemon.close();
    }
    master.close();
    master.assertNoContractViolations();
  }

  private static SharedInstance entry(String reference) throws Exception {
    return SharedInstance.started(
        reference,
        reference,
        (ObjectNode)
            Json.MAPPER.readTree("{\"url\": \"https://" + reference.toLowerCase() + ".example\"}"));
  }

  @Test
  void anOutageLosesNothingCostsFewCallsAndEndsInConvergence() throws Exception {
    master.addHost(HOST);
    master.putShared(HOST, entry("SHARED-1"));
    NodeDir node = new NodeDir(dir);
    NodeConfig config =
        NodeConfig.load(
            node.writeConfig(
                "desired-state = master",
                "master-api-url = " + master.baseUrl(),
                "instance-guid = " + HOST,
                "software-schema = " + NodeDir.RAPID_CDN_SOFTWARE,
                "software-type = default",
                "resync-period = 1s",
                "bang-min-interval = 0s",
                "metrics-address = 127.0.0.1:0"));
    daemon = InProcessDaemon.start(config, new RecordingBangTarget());
    await().atMost(Duration.ofSeconds(30)).until(() -> node.recordedStates().size() == 1);
    daemon.awaitReady();

    master.failAlways(FakeMaster.INSTANCE_LIST, 503);
    int before = master.count(FakeMaster.INSTANCE_LIST);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> daemon.scrape().value("instancenode_master_circuit_state") == 2);
    int whenOpened = master.count(FakeMaster.INSTANCE_LIST);
    // Passes go on every second while the breaker is open: none of them reaches the master.
    await()
        .during(Duration.ofSeconds(8))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                master.count(FakeMaster.INSTANCE_LIST) == whenOpened
                    && node.recordedStates().equals(Map.of("SHARED-1", "valid")));
    assertTrue(
        whenOpened - before <= 6,
        "the breaker opens within its minimum of 5 failed attempts: " + (whenOpened - before));
    assertEquals(200, daemon.get("/healthz").statusCode(), "health is served during the outage");
    assertTrue(
        daemon.scrape().value("instancenode_passes_total", "result", "failure") > 0,
        "the failed passes are counted");

    master.clearFaults();
    master.putShared(HOST, entry("SHARED-2"));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> node.recordedStates().equals(Map.of("SHARED-1", "valid", "SHARED-2", "valid")));
    assertEquals(0.0, daemon.scrape().value("instancenode_master_circuit_state"), "closed again");
  }
}
