package org.slapos.instancenode.master;

import java.util.Map;
import java.util.Objects;

/**
 * The writes over JSON-RPC: shared instances are named by their reference ({@code instance_guid}),
 * the bang goes to the host instance found by {@link HostInstance}.
 */
public final class JsonRpcWrites implements MasterWrites {
  private final MasterClient master;
  private final HostInstance host;

  public JsonRpcWrites(MasterClient master, HostInstance host) {
    this.master = Objects.requireNonNull(master, "master");
    this.host = Objects.requireNonNull(host, "host");
  }

  @Override
  public void bang(String message) throws MasterException {
    master.bang(host.guid(), message);
  }

  @Override
  public void putError(String reference, String message) throws MasterException {
    master.putError(reference, message);
  }

  @Override
  public void putConnectionParameters(String reference, Map<String, String> parameters)
      throws MasterException {
    master.putConnectionParameters(reference, parameters);
  }

  @Override
  public Requested requestInstance(InstanceRequest request) throws MasterException {
    return master.requestInstance(request);
  }
}
