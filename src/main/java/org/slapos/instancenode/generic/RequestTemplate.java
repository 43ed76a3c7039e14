package org.slapos.instancenode.generic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slapos.instancenode.config.NodeConfig;
import org.slapos.instancenode.master.InstanceRequest;

/**
 * What the {@code generic} kind requests for an entry: {@code software-url}, {@code software-type},
 * {@code shared}, the title {@code request-name-prefix} + reference, and {@code sla-*} as SLA
 * parameters.
 */
public record RequestTemplate(
    String softwareUrl,
    String softwareType,
    boolean shared,
    String namePrefix,
    Map<String, String> sla) {

  public RequestTemplate {
    sla = Collections.unmodifiableMap(new LinkedHashMap<>(sla));
  }

  public static RequestTemplate of(NodeConfig config) {
    return new RequestTemplate(
        config.softwareUrl().orElseThrow(),
        config.softwareType().orElseThrow(),
        config.shared(),
        config.requestNamePrefix(),
        config.sla());
  }

  InstanceRequest request(String reference, String state, ObjectNode parameters) {
    return new InstanceRequest(
        namePrefix + reference, softwareUrl, softwareType, shared, state, parameters, sla);
  }
}
