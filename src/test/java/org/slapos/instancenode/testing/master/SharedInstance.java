package org.slapos.instancenode.testing.master;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slapos.instancenode.json.Json;

/**
 * A shared instance as the master holds it for a host instance: one item of {@code
 * slapos.allDocs.v0.instance_node_instance_list}.
 *
 * @param instanceGuid the shared instance's reference, e.g. {@code SOFTINST-12}
 * @param title the entry reference the node keys on
 * @param parameters owned by this record: copied in, never handed out for mutation
 * @param softwareReleaseUri absent unless set, as the contract allows
 */
public record SharedInstance(
    String instanceGuid,
    String title,
    String softwareType,
    State state,
    ObjectNode parameters,
    Optional<String> softwareReleaseUri) {

  /** The requested state the master reports. */
  public enum State {
    STARTED,
    STOPPED,
    DESTROYED;

    /** The wire form: {@code started}, {@code stopped}, {@code destroyed}. */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    static State ofJson(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  public SharedInstance {
    Objects.requireNonNull(instanceGuid, "instanceGuid");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(softwareType, "softwareType");
    Objects.requireNonNull(state, "state");
    parameters = parameters.deepCopy();
    Objects.requireNonNull(softwareReleaseUri, "softwareReleaseUri");
  }

  /** A started instance of software type {@code default} without a software release URI. */
  public static SharedInstance started(String instanceGuid, String title, ObjectNode parameters) {
    return new SharedInstance(
        instanceGuid, title, "default", State.STARTED, parameters, Optional.empty());
  }

  /** A started instance with no parameters. */
  public static SharedInstance started(String instanceGuid, String title) {
    return started(instanceGuid, title, Json.MAPPER.createObjectNode());
  }

  public SharedInstance withState(State newState) {
    return new SharedInstance(
        instanceGuid, title, softwareType, newState, parameters, softwareReleaseUri);
  }

  public SharedInstance withParameters(ObjectNode newParameters) {
    return new SharedInstance(
        instanceGuid, title, softwareType, state, newParameters, softwareReleaseUri);
  }

  public SharedInstance withSoftwareType(String newSoftwareType) {
    return new SharedInstance(
        instanceGuid, title, newSoftwareType, state, parameters, softwareReleaseUri);
  }

  public SharedInstance withSoftwareReleaseUri(String uri) {
    return new SharedInstance(
        instanceGuid, title, softwareType, state, parameters, Optional.of(uri));
  }

  @Override
  public ObjectNode parameters() {
    return parameters.deepCopy();
  }

  /** This instance as an item of the listing's {@code result_list}. */
  ObjectNode toListItem() {
    ObjectNode item = Json.MAPPER.createObjectNode();
    item.put("instance_guid", instanceGuid);
    item.put("title", title);
    item.put("software_type", softwareType);
    item.put("state", state.json());
    item.set("parameters", parameters.deepCopy());
    softwareReleaseUri.ifPresent(uri -> item.put("software_release_uri", uri));
    return item;
  }
}
