package org.slapos.instancenode.reconcile;

/**
 * Workers died of errors ({@link OutOfMemoryError} for one) while the queue was being finished: the
 * entries they were reconciling were left for later, so the work did not complete.
 */
public final class WorkersDiedException extends RuntimeException {
  WorkersDiedException(String message) {
    super(message);
  }
}
