package org.slapos.instancenode.cdn;

import org.slapos.instancenode.store.Batch;

/**
 * Where the lifecycle records that the host instance owes a bang: the change that owes it and the
 * debt are committed together, and only then announced, so a bang never precedes its cause and a
 * crash between the two loses neither. Thread-safe.
 */
public interface BangLedger {

  /** Adds the debt to {@code batch}, before the caller commits it. */
  void owe(Batch batch);

  /** Called after a batch given to {@link #owe} was committed. */
  void owed();
}
