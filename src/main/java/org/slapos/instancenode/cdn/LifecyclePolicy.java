package org.slapos.instancenode.cdn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The operator's settings of the entry lifecycle.
 *
 * @param publishFile {@code publish-slave-information-file}: when set, an entry is valid only once
 *     the file has its {@code [publish-REFERENCE]} section
 * @param postDeployRecheck how soon an entry waiting for its publish section is checked again
 * @param retentionDelay {@code instance-retention-delay}: how long an absent entry is kept
 */
public record LifecyclePolicy(
    Optional<Path> publishFile, Duration postDeployRecheck, Duration retentionDelay) {}
