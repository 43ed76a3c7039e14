package org.slapos.instancenode.master;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A software instance as the master describes it ({@code slapos.get.v0.software_instance}, and the
 * answer of {@code slapos.post.v0.software_instance}); the fields the node uses.
 *
 * @param instanceGuid the master's reference of the instance
 * @param title its unique title
 * @param state {@code started}, {@code stopped} or {@code destroyed} as requested
 * @param softwareReleaseUri the software release it runs
 * @param softwareType its software type
 * @param shared whether it is a shared instance
 * @param parameters the instance parameters
 * @param slaParameters the SLA parameters
 * @param connectionParameters what the instance published
 */
public record SoftwareInstance(
    String instanceGuid,
    String title,
    String state,
    String softwareReleaseUri,
    String softwareType,
    boolean shared,
    ObjectNode parameters,
    ObjectNode slaParameters,
    ObjectNode connectionParameters) {

  static SoftwareInstance from(Answer answer) throws MasterProtocolException {
    return new SoftwareInstance(
        answer.text("instance_guid"),
        answer.text("title"),
        answer.text("state"),
        answer.text("software_release_uri"),
        answer.text("software_type"),
        answer.bool("shared"),
        answer.object("parameters"),
        answer.object("sla_parameters"),
        answer.object("connection_parameters"));
  }
}
