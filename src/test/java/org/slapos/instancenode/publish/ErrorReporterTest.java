package org.slapos.instancenode.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slapos.instancenode.cdn.CheckFailure;
import org.slapos.instancenode.cdn.Verdict;
import org.slapos.instancenode.master.GuardSettings;
import org.slapos.instancenode.master.HostInstance;
import org.slapos.instancenode.master.JsonRpcWrites;
import org.slapos.instancenode.master.MasterClient;
import org.slapos.instancenode.master.MasterException;
import org.slapos.instancenode.master.MasterMetrics;
import org.slapos.instancenode.store.InstanceStore;
import org.slapos.instancenode.testing.master.FakeMaster;
import org.slapos.instancenode.testing.master.SharedInstance;

class ErrorReporterTest {
  @TempDir Path dir;
  private final FakeMaster master = FakeMaster.http();
  private InstanceStore requestDb;
  private ErrorReporter reporter;

  @BeforeEach
  void open() {
    master.addHost("HOST");
    master.putShared("HOST", SharedInstance.started("SHARED-1", "one"));
    requestDb = InstanceStore.openRequestDb(dir.resolve("request.sqlite"));
    MasterClient client = GuardSettings.plainClient(master.baseUrl(), MasterMetrics.NONE);
    reporter =
        new ErrorReporter(
            new JsonRpcWrites(client, HostInstance.given("HOST")),
            requestDb.published(),
            Clock.systemUTC());
  }

  @AfterEach
  void close() {
    requestDb.close();
    master.close();
    master.assertNoContractViolations();
  }

  private static Verdict invalid(String message) {
    return Verdict.invalid(List.of(CheckFailure.of("schema", message)));
  }

  @Test
  void anErrorIsSentOnceWhileItStaysTheSame() throws Exception {
    reporter.publish("SHARED-1", invalid("$.url: is missing"));
    reporter.publish("SHARED-1", invalid("$.url: is missing"));

    assertEquals(List.of("$.url: is missing"), master.errors("SHARED-1"));
  }

  @Test
  void aNewErrorIsSent() throws Exception {
    reporter.publish("SHARED-1", invalid("first"));
    reporter.publish("SHARED-1", invalid("second"));

    assertEquals(List.of("first", "second"), master.errors("SHARED-1"));
  }

  @Test
  void nothingIsSentForAValidEntryButTheSameErrorComingBackIsSentAgain() throws Exception {
    reporter.publish("SHARED-1", invalid("broken"));
    reporter.publish("SHARED-1", Verdict.valid());
    reporter.publish("SHARED-1", invalid("broken"));

    assertEquals(List.of("broken", "broken"), master.errors("SHARED-1"));
  }

  @Test
  void anErrorTheMasterDidNotAcceptIsSentAgainNextTime() throws Exception {
    master.failNext(FakeMaster.PUT_ERROR, 3, 503);

    assertThrows(MasterException.class, () -> reporter.publish("SHARED-1", invalid("broken")));
    reporter.publish("SHARED-1", invalid("broken"));

    assertEquals(List.of("broken"), master.errors("SHARED-1"));
    assertEquals(4, master.count(FakeMaster.PUT_ERROR), "3 failed attempts, then the one sent");
  }
}
