package org.slapos.instancenode.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bang target of a node with no master to tell (desired state from a file): the bang is only
 * logged, so an operator sees when the host instance would have re-rendered its frontends.
 */
public final class LoggedBangTarget implements BangTarget {
  private static final Logger LOG = LoggerFactory.getLogger(LoggedBangTarget.class);

  @Override
  public void bang(String message) {
    LOG.atInfo()
        .setMessage("bang owed to the host instance; no master is configured, so it is only logged")
        .addKeyValue("message", message)
        .log();
  }
}
