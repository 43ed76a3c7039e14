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
    assertEquals("the first pass has not completed", readiness.detail());
  }

  @Test
  void readyOnceAPassSucceededWithWritableStores() {
    readiness.passSucceeded();

    assertTrue(readiness.ok());
  }

  @Test
  void aFailedPassIsTheReasonUntilOneSucceeds() {
    readiness.passSucceeded();
    readiness.passFailed("cannot read the desired state: entries.json: no such file");

    assertFalse(readiness.ok());
    assertEquals(
        "the last pass failed: cannot read the desired state: entries.json: no such file",
        readiness.detail());

    readiness.passSucceeded();
    assertTrue(readiness.ok());
  }

  @Test
  void aFailedFirstPassSaysWhyNotThatNoPassRan() {
    readiness.passFailed("master unreachable");

    assertEquals("the last pass failed: master unreachable", readiness.detail());
  }

  @Test
  void storesThatStopBeingWritableMakeItUnready() {
    readiness.passSucceeded();
    writable = false;

    assertFalse(readiness.ok());
    assertEquals("the stores are not writable", readiness.detail());

    writable = true;
    assertTrue(readiness.ok());
  }
}
