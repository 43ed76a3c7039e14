package org.slapos.instancenode.engine;

import org.slapos.instancenode.master.MasterClient;
import org.slapos.instancenode.master.MasterException;

/** Bangs the host instance {@code instance-guid} on the master. */
final class MasterBangTarget implements BangTarget {
  private final MasterClient master;
  private final String hostInstanceGuid;

  MasterBangTarget(MasterClient master, String hostInstanceGuid) {
    this.master = master;
    this.hostInstanceGuid = hostInstanceGuid;
  }

  @Override
  public void bang(String message) throws MasterException {
    master.bang(hostInstanceGuid, message);
  }
}
