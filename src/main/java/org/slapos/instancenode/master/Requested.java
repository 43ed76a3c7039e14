package org.slapos.instancenode.master;

/** What the master answered to {@link MasterClient#requestInstance(InstanceRequest)}. */
public sealed interface Requested {

  /** The request is recorded and the instance exists; its description as the master has it. */
  record Ready(SoftwareInstance instance) implements Requested {}

  /**
   * The request is recorded but the instance cannot be described yet (the contract's {@code
   * {"status", "name", "message"}} answer): ask again later.
   */
  record NotReady(int status, String name, String message) implements Requested {}
}
