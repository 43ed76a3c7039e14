package org.slapos.instancenode.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How live TLS probes of entries' backends run.
 *
 * @param mode {@code backend-probe}: off, warn (default) or enforce
 * @param interval {@code backend-probe-interval}: time between two probes of one entry, greater
 *     than 0 (default 6 h)
 * @param concurrency {@code backend-probe-concurrency}: probes in flight at once, 1 to 64 (4)
 * @param timeout {@code backend-probe-timeout}: bound of the connection and of the handshake each,
 *     greater than 0 (default 5 s)
 * @param allowPrivate {@code backend-probe-allow-private}: contact private, loopback and link-local
 *     addresses too (default false)
 */
public record BackendProbeSettings(
    BackendProbeMode mode,
    Duration interval,
    int concurrency,
    Duration timeout,
    boolean allowPrivate) {

  public BackendProbeSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
  }

  static BackendProbeSettings read(SectionValues v) {
    return new BackendProbeSettings(
        v.orDefault(
            "backend-probe",
            BackendProbeMode.WARN,
            t -> ConfigValues.choice(t, BackendProbeMode.class)),
        v.orDefault("backend-probe-interval", Duration.ofHours(6), ConfigValues::positiveDuration),
        v.orDefault("backend-probe-concurrency", 4, t -> ConfigValues.integer(t, 1, 64)),
        v.orDefault("backend-probe-timeout", Duration.ofSeconds(5), ConfigValues::positiveDuration),
        v.orDefault("backend-probe-allow-private", false, ConfigValues::bool));
  }
}
