package org.slapos.instancenode.engine;

/**
 * The bang target of a node with no master to tell (neither {@code master-api-url} nor {@code
 * server-url}): {@link BangCoordinator} only logs the bang, as "logged (no master configured)", so
 * an operator sees when the host instance would have re-rendered its frontends.
 */
public final class LoggedBangTarget implements BangTarget {
  @Override
  public void bang(String message) {
    // Nothing to send: reachesMaster() tells the coordinator to log it instead.
  }

  @Override
  public boolean reachesMaster() {
    return false;
  }
}
