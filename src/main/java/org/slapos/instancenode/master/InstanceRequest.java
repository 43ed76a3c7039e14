package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slapos.instancenode.json.Json;

/**
 * The body of {@code slapos.post.v0.software_instance}: request (or change, or destroy) the
 * instance of this title.
 *
 * @param title the unique title of the requested instance
 * @param softwareReleaseUri the software release to run
 * @param softwareType the software type
 * @param shared whether a shared instance is requested
 * @param state {@code started}, {@code stopped} or {@code destroyed}
 * @param parameters the instance parameters; never mutated
 * @param slaParameters the SLA parameters (strings, as the contract says)
 */
public record InstanceRequest(
    String title,
    String softwareReleaseUri,
    String softwareType,
    boolean shared,
    String state,
    ObjectNode parameters,
    Map<String, String> slaParameters) {
  private static final Set<String> STATES =
      Set.of(SharedInstance.STARTED, SharedInstance.STOPPED, SharedInstance.DESTROYED);

  public InstanceRequest {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(softwareReleaseUri, "softwareReleaseUri");
    Objects.requireNonNull(softwareType, "softwareType");
    if (!STATES.contains(state)) {
      throw new IllegalArgumentException("state must be one of " + STATES + ", was " + state);
    }
    Objects.requireNonNull(parameters, "parameters");
    slaParameters = Map.copyOf(slaParameters);
  }

  /** The request body, SLA parameters in key order so equal requests serialise equally. */
  public ObjectNode toJson() {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("title", title);
    body.put("software_release_uri", softwareReleaseUri);
    body.put("software_type", softwareType);
    body.put("shared", shared);
    body.put("state", state);
    body.set("parameters", parameters);
    ObjectNode sla = body.putObject("sla_parameters");
    new TreeMap<>(slaParameters).forEach(sla::put);
    return body;
  }
}
