package org.slapos.instancenode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WakeupTest {
  private final Wakeup wakeup = new Wakeup();

  @Test
  void nothingHappeningTimesOut() throws InterruptedException {
    assertEquals(Wakeup.Reason.TIMEOUT, wakeup.await(Duration.ofMillis(20)));
  }

  @Test
  void eachRequestIsReportedOnceAndConsumed() throws InterruptedException {
    wakeup.bangOwed();
    assertEquals(Wakeup.Reason.BANG_OWED, wakeup.await(Duration.ofSeconds(5)));
    assertEquals(Wakeup.Reason.TIMEOUT, wakeup.await(Duration.ofMillis(10)));
    wakeup.hangup();
    assertEquals(Wakeup.Reason.HANGUP, wakeup.await(Duration.ofSeconds(5)));
    assertEquals(Wakeup.Reason.TIMEOUT, wakeup.await(Duration.ofMillis(10)));
  }

  @Test
  void stopWinsOverHangupWhichWinsOverAnOwedBang() throws InterruptedException {
    wakeup.bangOwed();
    wakeup.hangup();
    assertEquals(Wakeup.Reason.HANGUP, wakeup.await(Duration.ofSeconds(5)));
    assertEquals(Wakeup.Reason.BANG_OWED, wakeup.await(Duration.ofSeconds(5)));
    wakeup.hangup();
    wakeup.stop();
    assertEquals(Wakeup.Reason.STOP, wakeup.await(Duration.ofSeconds(5)));
    assertEquals(Wakeup.Reason.STOP, wakeup.await(Duration.ofSeconds(5)), "stop stays");
    assertTrue(wakeup.stopping());
  }

  @Test
  void aWaitingLoopIsWokenFromAnotherThread() throws Exception {
    Thread signaller = new Thread(wakeup::hangup);
    signaller.start();
    assertEquals(Wakeup.Reason.HANGUP, wakeup.await(Duration.ofSeconds(5)));
    signaller.join();
  }
}
