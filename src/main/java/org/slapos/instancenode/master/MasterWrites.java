package org.slapos.instancenode.master;

import java.util.Map;

/**
 * What the node tells the master, whichever protocol speaks it: the bang of the host instance, the
 * errors and connection parameters of its shared instances, and the instances the {@code generic}
 * kind requests. Implemented over JSON-RPC ({@link JsonRpcWrites}) and over SLAP ({@link
 * SlapClient}); {@link ConfiguredMaster} picks one from the configuration, so callers never know
 * which.
 *
 * <p>Thread-safe. Every method returns once the master accepted the write, or throws a {@link
 * MasterException} naming the call and the instance; none deduplicates (callers keep their ledger).
 */
public interface MasterWrites {
  /** Bangs the host instance (asks SlapOS to process it again), saying why. */
  void bang(String message) throws MasterException;

  /** Reports {@code message} as the error of the shared instance {@code reference}. */
  void putError(String reference, String message) throws MasterException;

  /** Publishes the connection parameters of the shared instance {@code reference}. */
  void putConnectionParameters(String reference, Map<String, String> parameters)
      throws MasterException;

  /**
   * Requests, changes or destroys the instance titled {@code request.title()}; {@link
   * Requested.NotReady} when the master has not allocated it yet, to be asked again later.
   */
  Requested requestInstance(InstanceRequest request) throws MasterException;
}
