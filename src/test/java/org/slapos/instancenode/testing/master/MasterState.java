package org.slapos.instancenode.testing.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slapos.instancenode.json.Json;

/**
 * What the fake master holds: host instances with their shared instances, the instances requested
 * through it, and what was published, reported and banged per instance. Thread-safe: every method
 * locks the whole state.
 */
final class MasterState {
  static final String COMPUTER_GUID = "COMP-FAKE";
  static final String PARTITION_ID = "slappart0";
  static final String SOFTWARE_RELEASE_URI = "https://fake-master.invalid/software.cfg";

  // Sorted by reference, as the master lists them.
  private final Map<String, TreeMap<String, SharedInstance>> hosts = new LinkedHashMap<>();
  private final Map<String, String> hostOfShared = new HashMap<>();
  private final Map<String, RequestedInstance> requestedByTitle = new LinkedHashMap<>();
  private final List<RequestedInstance> requests = new ArrayList<>();
  private final Map<String, List<ObjectNode>> published = new HashMap<>();
  private final Map<String, List<String>> errors = new HashMap<>();
  private final Map<String, List<String>> bangs = new HashMap<>();
  private final Map<String, Map<String, String>> partitionsByComputer = new LinkedHashMap<>();
  private long processingTimestamp;

  synchronized void addHost(String hostGuid) {
    hosts.putIfAbsent(hostGuid, new TreeMap<>());
  }

  /** Places the host instance {@code hostGuid} in partition {@code partitionId} of a computer. */
  synchronized void placeHost(String hostGuid, String computerGuid, String partitionId) {
    addHost(hostGuid);
    partitionsByComputer
        .computeIfAbsent(computerGuid, c -> new LinkedHashMap<>())
        .put(hostGuid, partitionId);
  }

  /** The host instances placed on {@code computerGuid}, with their partitions. */
  synchronized Map<String, String> placed(String computerGuid) {
    return Map.copyOf(partitionsByComputer.getOrDefault(computerGuid, Map.of()));
  }

  synchronized void putShared(String hostGuid, SharedInstance instance) {
    TreeMap<String, SharedInstance> shared = hosts.get(hostGuid);
    if (shared == null) {
      throw new IllegalArgumentException("no host instance " + hostGuid + ": call addHost first");
    }
    String previousHost = hostOfShared.put(instance.instanceGuid(), hostGuid);
    if (previousHost != null && !previousHost.equals(hostGuid)) {
      hosts.get(previousHost).remove(instance.instanceGuid());
    }
    shared.put(instance.instanceGuid(), instance);
    processingTimestamp++;
  }

  synchronized void removeShared(String instanceGuid) {
    String hostGuid = hostOfShared.remove(instanceGuid);
    if (hostGuid == null) {
      throw new IllegalArgumentException("no shared instance " + instanceGuid);
    }
    hosts.get(hostGuid).remove(instanceGuid);
    processingTimestamp++;
  }

  synchronized void setState(String instanceGuid, SharedInstance.State state) {
    String hostGuid = hostOfShared.get(instanceGuid);
    if (hostGuid == null) {
      throw new IllegalArgumentException("no shared instance " + instanceGuid);
    }
    hosts.get(hostGuid).computeIfPresent(instanceGuid, (guid, shared) -> shared.withState(state));
    processingTimestamp++;
  }

  /** The shared instances of {@code hostGuid}; empty when there is no such host. */
  synchronized Optional<List<SharedInstance>> listing(String hostGuid) {
    return Optional.ofNullable(hosts.get(hostGuid)).map(shared -> List.copyOf(shared.values()));
  }

  synchronized boolean knows(String instanceGuid) {
    return hosts.containsKey(instanceGuid)
        || hostOfShared.containsKey(instanceGuid)
        || requestedByTitle.values().stream().anyMatch(r -> r.instanceGuid().equals(instanceGuid));
  }

  /** Records a request and creates or updates the instance of its title. */
  synchronized RequestedInstance request(JsonNode body) {
    String title = body.get("title").asText();
    RequestedInstance previous = requestedByTitle.get(title);
    String guid =
        previous != null
            ? previous.instanceGuid()
            : "SOFTINST-FAKE-" + (requestedByTitle.size() + 1);
    RequestedInstance requested = RequestedInstance.fromRequest(guid, body);
    requestedByTitle.put(title, requested);
    requests.add(requested);
    processingTimestamp++;
    return requested;
  }

  synchronized void publish(String instanceGuid, ObjectNode connectionParameters) {
    published.computeIfAbsent(instanceGuid, g -> new ArrayList<>()).add(connectionParameters);
  }

  synchronized void reportError(String instanceGuid, String message) {
    errors.computeIfAbsent(instanceGuid, g -> new ArrayList<>()).add(message);
  }

  synchronized void bang(String instanceGuid, String message) {
    bangs.computeIfAbsent(instanceGuid, g -> new ArrayList<>()).add(message);
  }

  synchronized List<ObjectNode> published(String instanceGuid) {
    return published.getOrDefault(instanceGuid, List.of()).stream()
        .map(ObjectNode::deepCopy)
        .toList();
  }

  synchronized List<String> errors(String instanceGuid) {
    return List.copyOf(errors.getOrDefault(instanceGuid, List.of()));
  }

  synchronized List<String> bangs(String instanceGuid) {
    return List.copyOf(bangs.getOrDefault(instanceGuid, List.of()));
  }

  synchronized List<RequestedInstance> requests() {
    return List.copyOf(requests);
  }

  /** The answer of {@code slapos.get.v0.software_instance}; empty for an unknown instance. */
  synchronized Optional<ObjectNode> describe(String instanceGuid) {
    if (hosts.containsKey(instanceGuid)) {
      return Optional.of(
          describe(instanceGuid, instanceGuid, SOFTWARE_RELEASE_URI, "default", "started", false));
    }
    String hostGuid = hostOfShared.get(instanceGuid);
    if (hostGuid != null) {
      SharedInstance shared = hosts.get(hostGuid).get(instanceGuid);
      ObjectNode view =
          describe(
              instanceGuid,
              shared.title(),
              shared.softwareReleaseUri().orElse(SOFTWARE_RELEASE_URI),
              shared.softwareType(),
              shared.state().json(),
              true);
      view.set("parameters", shared.parameters());
      view.putObject("sla_parameters").put("instance_guid", hostGuid);
      return Optional.of(view);
    }
    return requestedByTitle.values().stream()
        .filter(r -> r.instanceGuid().equals(instanceGuid))
        .findFirst()
        .map(this::describe);
  }

  private ObjectNode describe(RequestedInstance requested) {
    ObjectNode view =
        describe(
            requested.instanceGuid(),
            requested.title(),
            requested.softwareReleaseUri(),
            requested.softwareType(),
            requested.state().json(),
            requested.shared());
    view.set("parameters", requested.parameters());
    view.set("sla_parameters", requested.slaParameters());
    return view;
  }

  private ObjectNode describe(
      String guid,
      String title,
      String softwareReleaseUri,
      String softwareType,
      String state,
      boolean shared) {
    ObjectNode view = Json.MAPPER.createObjectNode();
    view.put("computer_guid", COMPUTER_GUID);
    view.put("instance_guid", guid);
    view.put("root_instance_title", title);
    view.put("title", title);
    view.put("state", state);
    view.put("compute_partition_id", PARTITION_ID);
    view.put("software_release_uri", softwareReleaseUri);
    view.put("software_type", softwareType);
    view.put("shared", shared);
    view.put("processing_timestamp", processingTimestamp);
    view.put("access_status_message", "");
    view.putObject("parameters");
    view.putObject("sla_parameters");
    List<ObjectNode> connections = published.getOrDefault(guid, List.of());
    view.set(
        "connection_parameters",
        connections.isEmpty() ? Json.MAPPER.createObjectNode() : connections.getLast().deepCopy());
    view.putArray("ip_list");
    view.putArray("full_ip_list");
    return view;
  }
}
