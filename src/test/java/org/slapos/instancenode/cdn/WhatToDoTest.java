package org.slapos.instancenode.cdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.slapos.instancenode.store.InstanceRow;

class WhatToDoTest {
  @Test
  void everyReasonCodeHasItsOwnInstruction() {
    for (String reason : Reason.ORDER) {
      assertNotEquals(
          WhatToDo.UNKNOWN,
          WhatToDo.about(InstanceRow.INVALID, reason),
          "no instruction: " + reason);
    }
    assertEquals(
        Reason.ORDER.size(),
        Reason.ORDER.stream().map(r -> WhatToDo.about(InstanceRow.INVALID, r)).distinct().count());
  }

  @Test
  void servedAndStoppedEntriesNeedNothing() {
    assertEquals("nothing", WhatToDo.about(InstanceRow.VALID, ""));
    assertEquals(
        "nothing: no longer requested, kept for the retention delay",
        WhatToDo.about(InstanceRow.STOPPED, ""));
  }

  @Test
  void anUnknownCodeSaysToReadTheErrors() {
    assertEquals(WhatToDo.UNKNOWN, WhatToDo.about(InstanceRow.INVALID, "from-a-newer-node"));
  }
}
