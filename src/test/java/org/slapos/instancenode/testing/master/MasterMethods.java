package org.slapos.instancenode.testing.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slapos.instancenode.json.Json;

/**
 * The JSON-RPC methods the fake master serves, answered from its {@link MasterState}. Request
 * bodies reach it only once they passed the contract's request schema. Thread-safe.
 */
final class MasterMethods {
  static final String LIST = FakeMaster.INSTANCE_LIST;
  static final String GET = FakeMaster.GET_INSTANCE;
  static final String PUT_CONNECTION = FakeMaster.PUT_CONNECTION_PARAMETER;
  static final String PUT_ERROR = FakeMaster.PUT_ERROR;
  static final String PUT_BANG = FakeMaster.PUT_BANG;
  static final String POST = FakeMaster.POST_INSTANCE;
  static final String NODE_LIST = FakeMaster.COMPUTE_NODE_INSTANCE_LIST;
  static final List<String> SERVED =
      List.of(LIST, GET, PUT_CONNECTION, PUT_ERROR, PUT_BANG, POST, NODE_LIST);

  // The titles SlapOS's JSON-RPC scripts answer with.
  static final String HOST_NOT_FOUND = "HOST-INSTANCE-NOT-FOUND";
  static final String HOST_NOT_FOUND_TITLE =
      "No matching instances with the provided reference has been found";
  static final String INSTANCE_NOT_FOUND = "INSTANCE-NOT-FOUND";

  private final MasterState state;
  private final AtomicBoolean requestsNotReady = new AtomicBoolean();

  MasterMethods(MasterState state) {
    this.state = state;
  }

  void requestsNotReady(boolean notReady) {
    requestsNotReady.set(notReady);
  }

  /** Answers a served method; {@code method} is one of {@link #SERVED}. */
  Reply answer(String method, JsonNode body) {
    String guid = body.path("instance_guid").asText();
    return switch (method) {
      case LIST -> list(guid);
      case GET ->
          state.describe(guid).<Reply>map(Reply::ok).orElseGet(() -> instanceNotFound(guid));
      case PUT_CONNECTION ->
          ifKnown(
              guid,
              () -> state.publish(guid, (ObjectNode) body.get("connection_parameter_dict")),
              "Connection parameters updated");
      case PUT_ERROR ->
          ifKnown(
              guid, () -> state.reportError(guid, body.get("message").asText()), "Error reported");
      case PUT_BANG ->
          ifKnown(guid, () -> state.bang(guid, body.get("message").asText()), "Bang handled");
      case POST -> request(body);
      case NODE_LIST -> nodeInstances(body.path("computer_guid").asText());
      default -> throw new IllegalArgumentException("the fake master does not serve " + method);
    };
  }

  private Reply list(String hostGuid) {
    return state
        .listing(hostGuid)
        .map(
            shared -> {
              ObjectNode result = Json.MAPPER.createObjectNode();
              ArrayNode items = result.putArray("result_list");
              shared.forEach(s -> items.add(s.toListItem()));
              return Reply.ok(result);
            })
        .orElseGet(() -> Reply.error(403, HOST_NOT_FOUND, HOST_NOT_FOUND_TITLE));
  }

  private Reply nodeInstances(String computerGuid) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    ArrayNode items = result.putArray("result_list");
    state
        .placed(computerGuid)
        .forEach(
            (guid, partition) ->
                items
                    .addObject()
                    .put("instance_guid", guid)
                    .put("title", "host " + guid)
                    .put("state", "started")
                    .put("compute_partition_id", partition)
                    .put("software_release_uri", MasterState.SOFTWARE_RELEASE_URI));
    return Reply.ok(result);
  }

  private Reply ifKnown(String guid, Runnable record, String title) {
    if (!state.knows(guid)) {
      return instanceNotFound(guid);
    }
    record.run();
    return Reply.success(title);
  }

  private Reply request(JsonNode body) {
    RequestedInstance requested = state.request(body);
    if (requestsNotReady.get()) {
      ObjectNode notReady = Json.MAPPER.createObjectNode();
      notReady.put("message", "Software Instance Not Ready");
      notReady.put("name", "SoftwareInstanceNotReady");
      notReady.put("status", 102);
      return Reply.ok(notReady);
    }
    return Reply.ok(state.describe(requested.instanceGuid()).orElseThrow());
  }

  private static Reply instanceNotFound(String guid) {
    return Reply.error(404, INSTANCE_NOT_FOUND, "No software instance " + guid);
  }
}
