package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One item of {@code slapos.allDocs.v0.compute_node_instance_list}: an instance a compute node
 * hosts, with the partition it runs in when the master says.
 */
public record NodeInstance(String instanceGuid, String title, Optional<String> partitionId) {

  static List<NodeInstance> listed(Answer answer) throws MasterProtocolException {
    JsonNode items = answer.root().get("result_list");
    if (items == null || !items.isArray()) {
      throw answer.violation("field \"result_list\" must be an array");
    }
    List<NodeInstance> listed = new ArrayList<>();
    for (JsonNode item : items) {
      Answer one = answer.item(item);
      Optional<String> partition =
          one.has("compute_partition_id")
              ? Optional.of(one.text("compute_partition_id"))
              : Optional.empty();
      listed.add(new NodeInstance(one.text("instance_guid"), one.text("title"), partition));
    }
    return listed;
  }
}
