package org.slapos.instancenode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadinessTest {
  private volatile boolean writable = true;
  private final Readiness readiness = new Readiness(() -> writable);

  @Test
  void notReadyBeforeTheFirstPass() {
    assertFalse(readiness.ok());
    assertEquals("the first pass has not completed yet", readiness.detail());
  }

  @Test
  void readyOnceAPassCompletedWithWritableStores() {
    readiness.passCompleted();

    assertTrue(readiness.ok());
  }

  @Test
  void storesThatStopBeingWritableMakeItUnready() {
    readiness.passCompleted();
    writable = false;

    assertFalse(readiness.ok());
    assertEquals("the stores are not writable", readiness.detail());

    writable = true;
    assertTrue(readiness.ok());
  }
}
