package org.slapos.instancenode.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slapos.instancenode.testing.master.FakeMaster;
import org.slf4j.LoggerFactory;

class HostInstanceTest {
  private final FakeMaster master = FakeMaster.http();
  private final MasterClient client =
      GuardSettings.plainClient(master.baseUrl(), MasterMetrics.NONE);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(HostInstance.class)).addAppender(logs);
  }

  @AfterEach
  void close() {
    ((Logger) LoggerFactory.getLogger(HostInstance.class)).detachAppender(logs);
    client.close();
    master.close();
    master.assertNoContractViolations();
  }

  @Test
  void aGivenGuidIsUsedWithoutAskingTheMaster() throws Exception {
    assertEquals("SOFTINST-1", HostInstance.given("SOFTINST-1").guid());
    assertEquals(0, master.count(FakeMaster.COMPUTE_NODE_INSTANCE_LIST));
  }

  @Test
  void theHostIsFoundByItsPartitionOnceAndRemembered() throws Exception {
    master.placeHost("SOFTINST-OTHER", "COMP-1", "slappart1");
    master.placeHost("SOFTINST-HOST", "COMP-1", "slappart3");
    master.placeHost("SOFTINST-ELSEWHERE", "COMP-2", "slappart3");
    HostInstance host = HostInstance.found(client, "COMP-1", "slappart3");

    assertEquals("SOFTINST-HOST", host.guid());
    assertEquals("SOFTINST-HOST", host.guid());

    List<ILoggingEvent> found =
        logs.list.stream()
            .filter(e -> e.getFormattedMessage().startsWith("host instance found"))
            .toList();
    assertEquals(1, found.size(), logs.list::toString);
    assertTrue(
        found.getFirst().getKeyValuePairs().stream()
            .anyMatch(kv -> kv.key.equals("instanceGuid") && kv.value.equals("SOFTINST-HOST")),
        found.getFirst().getKeyValuePairs()::toString);
    assertEquals(List.of("COMP-1"), master.computeNodesListed(), "asked once");
    assertTrue(host.describe().startsWith("SOFTINST-HOST, "), host.describe());
  }

  @Test
  void anEmptyPartitionIsAnErrorNamingTheKeysAndIsAskedAgainLater() throws Exception {
    master.placeHost("SOFTINST-OTHER", "COMP-1", "slappart1");
    HostInstance host = HostInstance.found(client, "COMP-1", "slappart3");

    MasterException e = assertThrows(MasterException.class, host::guid);
    assertTrue(
        e.getMessage().contains("no instance in partition slappart3 of compute node COMP-1"),
        e.getMessage());
    assertTrue(e.getMessage().contains("set instance-guid"), e.getMessage());

    master.placeHost("SOFTINST-HOST", "COMP-1", "slappart3");
    assertEquals("SOFTINST-HOST", host.guid());
  }
}
