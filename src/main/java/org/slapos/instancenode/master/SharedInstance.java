package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One item of the master's {@code instance_node_instance_list} answer: a shared instance hosted by
 * the host instance.
 *
 * @param instanceGuid the master's {@code instance_guid}, the stable key of the entry
 * @param title the title the user gave the shared instance
 * @param softwareType the shared software type requested
 * @param state {@code started}, {@code stopped} or {@code destroyed}
 * @param parameters the parameters exactly as listed (possibly wrapped in a {@code _} key)
 * @param softwareReleaseUri {@code software_release_uri} when listed
 * @param computePartitionId {@code compute_partition_id} when listed
 */
public record SharedInstance(
    String instanceGuid,
    String title,
    String softwareType,
    String state,
    ObjectNode parameters,
    Optional<String> softwareReleaseUri,
    Optional<String> computePartitionId) {

  public static final String STARTED = "started";
  public static final String STOPPED = "stopped";
  public static final String DESTROYED = "destroyed";

  public SharedInstance {
    Objects.requireNonNull(instanceGuid, "instanceGuid");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(softwareReleaseUri, "softwareReleaseUri");
    Objects.requireNonNull(computePartitionId, "computePartitionId");
  }
}
