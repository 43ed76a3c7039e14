package org.slapos.instancenode.master;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host instance's {@code instance_guid} on the JSON-RPC master: {@code instance-guid} when the
 * configuration gives it, otherwise found once from {@code computer-id} and {@code partition-id}
 * with {@code slapos.allDocs.v0.compute_node_instance_list} (the instance the master places in that
 * partition), and logged. A failed search is tried again at the next use.
 *
 * <p>Thread-safe.
 */
public final class HostInstance {
  private static final Logger LOG = LoggerFactory.getLogger(HostInstance.class);

  private final Optional<MasterClient> master;
  private final String computerId;
  private final String partitionId;
  private volatile String guid;

  private HostInstance(
      String guid, Optional<MasterClient> master, String computerId, String partitionId) {
    this.guid = guid;
    this.master = master;
    this.computerId = computerId;
    this.partitionId = partitionId;
  }

  /** The host instance {@code instance-guid} names. */
  public static HostInstance given(String guid) {
    return new HostInstance(Objects.requireNonNull(guid, "guid"), Optional.empty(), null, null);
  }

  /**
   * The host instance found in partition {@code partitionId} of compute node {@code computerId}.
   */
  public static HostInstance found(MasterClient master, String computerId, String partitionId) {
    return new HostInstance(
        null,
        Optional.of(master),
        Objects.requireNonNull(computerId, "computerId"),
        Objects.requireNonNull(partitionId, "partitionId"));
  }

  /**
   * The host instance's guid, asking the master the first time when it was not given.
   *
   * @throws MasterException when the master cannot be asked, or lists no single instance in the
   *     partition
   */
  public String guid() throws MasterException {
    String known = guid;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (guid == null) {
        guid = search(master.orElseThrow());
      }
      return guid;
    }
  }

  private String search(MasterClient client) throws MasterException {
    List<NodeInstance> inPartition =
        client.computeNodeInstances(computerId).stream()
            .filter(i -> i.partitionId().filter(partitionId::equals).isPresent())
            .toList();
    if (inPartition.size() != 1) {
      throw new MasterProtocolException(
          MasterClient.NODE_LIST,
          computerId,
          "the master lists "
              + (inPartition.isEmpty()
                  ? "no instance"
                  : inPartition.size()
                      + " instances ("
                      + String.join(
                          ", ", inPartition.stream().map(NodeInstance::instanceGuid).toList())
                      + ")")
              + " in partition "
              + partitionId
              + " of compute node "
              + computerId
              + " (computer-id, partition-id): set instance-guid",
          null);
    }
    NodeInstance host = inPartition.get(0);
    LOG.atInfo()
        .setMessage("host instance found from computer-id and partition-id")
        .addKeyValue("instanceGuid", host.instanceGuid())
        .addKeyValue("title", host.title())
        .addKeyValue("computerId", computerId)
        .addKeyValue("partitionId", partitionId)
        .log();
    return host.instanceGuid();
  }

  /** How messages name the host instance before (or without) asking the master. */
  public String describe() {
    String known = guid;
    if (known != null && master.isEmpty()) {
      return known + " (instance-guid)";
    }
    return (known == null ? "" : known + ", ")
        + "the instance of partition "
        + partitionId
        + " on "
        + computerId
        + " (computer-id, partition-id)";
  }
}
