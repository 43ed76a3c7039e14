package org.slapos.instancenode.testing.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slapos.instancenode.json.Json;

/**
 * One {@code slapos.post.v0.software_instance} call as the master received it, with the contract's
 * defaults filled in ({@code state} {@code started}, {@code shared} false, empty parameters).
 *
 * @param instanceGuid the reference the fake gave the instance: the same for every request of one
 *     title
 */
public record RequestedInstance(
    String instanceGuid,
    String title,
    String softwareReleaseUri,
    String softwareType,
    boolean shared,
    SharedInstance.State state,
    ObjectNode parameters,
    ObjectNode slaParameters) {

  public RequestedInstance {
    parameters = parameters.deepCopy();
    slaParameters = slaParameters.deepCopy();
  }

  /** Reads a request body that already passed the contract's request schema. */
  static RequestedInstance fromRequest(String instanceGuid, JsonNode body) {
    return new RequestedInstance(
        instanceGuid,
        body.get("title").asText(),
        body.get("software_release_uri").asText(),
        body.get("software_type").asText(),
        body.path("shared").asBoolean(false),
        SharedInstance.State.ofJson(body.path("state").asText("started")),
        objectOrEmpty(body.get("parameters")),
        objectOrEmpty(body.get("sla_parameters")));
  }

  @Override
  public ObjectNode parameters() {
    return parameters.deepCopy();
  }

  @Override
  public ObjectNode slaParameters() {
    return slaParameters.deepCopy();
  }

  private static ObjectNode objectOrEmpty(JsonNode node) {
    return node instanceof ObjectNode object ? object : Json.MAPPER.createObjectNode();
  }
}
