package org.slapos.instancenode.queue;

import java.time.Duration;

/**
 * A snapshot of the keys being processed, for {@code workqueue_unfinished_work_seconds} and {@code
 * workqueue_longest_running_processor_seconds}.
 *
 * @param keys how many keys are being processed (handed out, not yet done)
 * @param unfinishedWork the time those keys have been processed so far, summed
 * @param longestRunning the time the oldest of them has been processed so far; zero when none
 */
public record InFlight(int keys, Duration unfinishedWork, Duration longestRunning) {}
