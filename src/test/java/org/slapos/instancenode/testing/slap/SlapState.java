package org.slapos.instancenode.testing.slap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slapos.instancenode.master.SlapObject;

/**
 * What the fake SLAP master holds: the bangs of the host partition, the errors and connection
 * parameters set per shared instance ({@code slave_reference}), the requests received, and the
 * connection parameters each requested instance publishes (set by the test). Thread-safe: every
 * method locks the whole state.
 */
final class SlapState {
  private final List<String> bangs = new ArrayList<>();
  private final Map<String, List<String>> errors = new HashMap<>();
  private final Map<String, List<Map<String, Object>>> connections = new HashMap<>();
  private final List<SlapRequest> requests = new ArrayList<>();
  private final Map<String, String> guids = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> published = new HashMap<>();

  synchronized void bang(String message) {
    bangs.add(message);
  }

  synchronized void error(String reference, String message) {
    errors.computeIfAbsent(reference, r -> new ArrayList<>()).add(message);
  }

  synchronized void connection(String reference, Map<String, Object> parameters) {
    connections.computeIfAbsent(reference, r -> new ArrayList<>()).add(Map.copyOf(parameters));
  }

  synchronized void publish(String partitionReference, Map<String, String> parameters) {
    published.put(partitionReference, Map.copyOf(parameters));
  }

  /** Records {@code request}; the answer the master gives, describing the requested instance. */
  synchronized SlapObject request(SlapRequest request, String computerId, String partitionId) {
    requests.add(request);
    String guid =
        guids.computeIfAbsent(
            request.partitionReference(), t -> "SOFTINST-SLAP-" + (guids.size() + 1));
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("_connection_dict", published.getOrDefault(request.partitionReference(), Map.of()));
    state.put("_instance_guid", guid);
    state.put("_requested_state", request.state());
    // Keys a real master sends too, which a client must ignore.
    state.put("_parameter_dict", request.parameters());
    state.put("ip_list", List.of());
    state.put("slap_computer_id", computerId);
    state.put("slap_computer_partition_id", partitionId);
    return new SlapObject("slapos.slap.slap", "SoftwareInstance", List.of(), state);
  }

  synchronized List<String> bangs() {
    return List.copyOf(bangs);
  }

  synchronized List<String> errors(String reference) {
    return List.copyOf(errors.getOrDefault(reference, List.of()));
  }

  synchronized List<Map<String, Object>> connections(String reference) {
    return List.copyOf(connections.getOrDefault(reference, List.of()));
  }

  synchronized List<SlapRequest> requests() {
    return List.copyOf(requests);
  }
}
