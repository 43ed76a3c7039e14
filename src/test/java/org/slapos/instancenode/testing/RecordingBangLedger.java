package org.slapos.instancenode.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.slapos.instancenode.cdn.BangLedger;
import org.slapos.instancenode.store.Batch;

/** Counts the bangs the lifecycle owes, and checks each is owed before its batch commits. */
public final class RecordingBangLedger implements BangLedger {
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger owed = new AtomicInteger();

  @Override
  public void owe(Batch batch) {
    batch.meta("test-bang-owed", "yes");
    pending.incrementAndGet();
  }

  @Override
  public void owed() {
    if (pending.decrementAndGet() < 0) {
      throw new AssertionError("owed() without a batch given to owe()");
    }
    owed.incrementAndGet();
  }

  /** How many committed changes owed a bang. */
  public int count() {
    return owed.get();
  }
}
