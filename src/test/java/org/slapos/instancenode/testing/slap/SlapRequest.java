package org.slapos.instancenode.testing.slap;

import java.util.Map;

/**
 * One {@code requestComputerPartition} the fake SLAP master received, its marshalled fields read.
 *
 * @param partitionReference the requested instance's title
 * @param parameters {@code partition_parameter_xml}
 * @param filter {@code filter_xml}: the SLA parameters
 * @param state {@code started}, {@code stopped} or {@code destroyed}
 */
public record SlapRequest(
    String partitionReference,
    String softwareRelease,
    String softwareType,
    boolean shared,
    Map<String, Object> parameters,
    Map<String, Object> filter,
    String state) {}
